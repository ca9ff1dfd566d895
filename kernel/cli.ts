#!/usr/bin/env node
/**
 * The `pathlab` command. Each subcommand lives in its own file and is loaded only when used, so
 * that `pathlab info` does not pay for loading Jupyter code and `pathlab run` does not load tfjs.
 */

interface Subcommand {
  summary: string;
  /** Left out of the usage text (used by Jupyter, not people). */
  hidden?: boolean;
  main: (args: string[]) => Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  info: {
    summary: 'which backend runs, the tfjs and TensorFlow versions, the device',
    main: async (args) => (await import('./commands/info.js')).main(args),
  },
  install: {
    summary: "install the 'pathlab' Jupyter kernelspec (--user, --prefix DIR; --check to verify)",
    main: async (args) => (await import('./commands/install.js')).main(args),
  },
  run: {
    summary: 'execute notebooks headlessly: parameters, per-cell timeout, executed notebook out',
    main: async (args) => (await import('./commands/run.js')).main(args),
  },
  export: {
    summary: 'export the charts of executed notebooks to files and one HTML report per notebook',
    main: async (args) => (await import('./commands/export.js')).main(args),
  },
  kernel: {
    summary: '',
    hidden: true,
    main: async (args) => (await import('./commands/kernel.js')).main(args),
  },
  'setup-native': {
    summary: 'build the native TensorFlow backend against a TensorFlow already on this machine',
    main: async (args) => (await import('./commands/setupNative.js')).main(args),
  },
};

function usage(): string {
  const shown = Object.entries(SUBCOMMANDS).filter(([, s]) => !s.hidden);
  const width = Math.max(...shown.map(([name]) => name.length));
  const lines = shown.map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`);
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
