/** `pathlab info`: what runs pathlab's tensors on this machine. */
import { ready, BackendInfo, NATIVE_HINT } from '../../explain/engine';

/** The report `pathlab info` prints, one fact per line. */
export function formatInfo(info: BackendInfo): string {
  const lines: [string, string][] = [
    ['backend', `${info.backend}${info.requested ? ' (requested with PATHLAB_BACKEND)' : ' (chosen automatically)'}`],
    ['tfjs', info.tfjsVersion],
  ];
  if (info.backend === 'tensorflow') {
    lines.push(['package', info.nativePackage ?? '?']);
    lines.push(['TensorFlow', info.tensorflowVersion ?? '?']);
    lines.push(['device', info.device ?? '?']);
  }
  if (info.backend === 'wasm') {
    lines.push(['wasm SIMD', info.wasmSimd ? 'yes' : 'no']);
    lines.push(['wasm threads', info.wasmThreads ? 'yes' : 'no']);
  }
  for (const reason of info.fallbackReasons) lines.push(['not used', reason]);
  if (info.backend !== 'tensorflow') lines.push(['native', `to get it, ${NATIVE_HINT}`]);
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      'usage: pathlab info [--json]\n\nPrints the backend (PATHLAB_BACKEND=tensorflow|wasm|cpu, or automatic), versions and device.\n',
    );
    return 0;
  }
  process.env.PATHLAB_QUIET ??= '1';
  const info = await ready();
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  return 0;
}
