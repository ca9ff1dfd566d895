#!/usr/bin/env node
/**
 * The `pathlab` command. Each subcommand lives in its own file and is loaded only when used, so
 * that `pathlab info` does not pay for loading Jupyter code and `pathlab run` does not load tfjs.
 */

interface Subcommand {
  summary: string;
  main: (args: string[]) => Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  info: {
    summary: 'which backend runs, the tfjs and TensorFlow versions, the device',
    main: async (args) => (await import('./commands/info.js')).main(args),
  },
  'setup-native': {
    summary: 'build the native TensorFlow backend against a TensorFlow already on this machine',
    main: async (args) => (await import('./commands/setupNative.js')).main(args),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((s) => s.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`);
  return `usage: pathlab <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'pathlab <command> --help' for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    process.stderr.write(`pathlab: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  return sub.main(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`pathlab: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
