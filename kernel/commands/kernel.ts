/**
 * `pathlab kernel --connection-file FILE` (hidden): the process Jupyter starts for the
 * `pathlab` kernelspec.
 */

import { startKernelServer } from '../kernelServer';

const USAGE = 'usage: pathlab kernel --connection-file FILE\n';

export async function main(args: string[]): Promise<number> {
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--connection-file' || a === '-f') file = args[++i];
    else if (a.startsWith('--connection-file=')) file = a.slice('--connection-file='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`pathlab kernel: unknown argument '${a}'.\n${USAGE}`);
      return 2;
    }
  }
  if (!file) {
    process.stderr.write(`pathlab kernel: --connection-file is required.\n${USAGE}`);
    return 2;
  }
  await startKernelServer(file);
  // The sockets keep the process alive until a shutdown_request or a signal ends it. Unhandled
  // rejections and uncaught exceptions are reported as cell errors by the server.
  return 0;
}
