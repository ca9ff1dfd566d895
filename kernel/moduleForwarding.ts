/**
 * Makes `import ... from "pathlab"` (and "@tensorflow/tfjs") work in a cell wherever the notebook
 * lives: when the notebook's folder cannot resolve the name, both tslab's type checker and Node's
 * `require` are pointed at the kernel's own copy, as tslab does for `import "tslab"`. Using the
 * kernel's copy also keeps one tfjs engine (two copies would hold separate tensors and backends).
 */
import Module from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface TsSystem {
  fileExists(p: string): boolean;
  readFile(p: string, encoding?: string): string | undefined;
  directoryExists(p: string): boolean;
  realpath?(p: string): string;
  getDirectories(p: string): string[];
  readDirectory(p: string, ...rest: unknown[]): string[];
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** Maps `<cwd>/node_modules/<name>/rest` to `<dir>/rest` for each forwarded name, if absent. */
export function virtualPathMapper(
  cwd: string,
  forwards: Record<string, string>,
  exists: (p: string) => boolean = fs.existsSync,
): (p: string) => string {
  const entries = Object.entries(forwards).map(([name, dir]) => ({ prefix: path.join(cwd, 'node_modules', name), dir }));
  return (p: string) => {
    for (const { prefix, dir } of entries) {
      if (p === prefix || p.startsWith(prefix + '/')) {
        if (exists(prefix)) return p;
        return dir + p.slice(prefix.length);
      }
    }
    return p;
  };
}

/**
 * Installs the forwarding for the process: TypeScript's file system (see
 * {@link forwardTypeScriptFiles}) and Node's `require` (see {@link forwardRequire}).
 */
export function forwardModules(cwd: string, forwards: Record<string, string>): void {
  forwardTypeScriptFiles(cwd, forwards);
  forwardRequire(forwards);
}

let tsInstalled = false;

/**
 * Points tslab's type checker at the forwarded copies (in the thread that runs the converter).
 * `forwards` maps a package name to the folder of the copy to use. Call before tslab creates its
 * converter (its compiler host binds `realpath` then).
 */
export function forwardTypeScriptFiles(cwd: string, forwards: Record<string, string>): void {
  if (tsInstalled) return;
  tsInstalled = true;
  const map = virtualPathMapper(cwd, forwards);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('@tslab/typescript-for-tslab') as { sys: TsSystem };
  const sys = ts.sys;
  const orig = {
    fileExists: sys.fileExists.bind(sys),
    readFile: sys.readFile.bind(sys),
    directoryExists: sys.directoryExists.bind(sys),
    realpath: sys.realpath?.bind(sys),
    getDirectories: sys.getDirectories.bind(sys),
    readDirectory: sys.readDirectory.bind(sys),
  };
  sys.fileExists = (p) => orig.fileExists(map(p));
  sys.readFile = (p, enc) => orig.readFile(map(p), enc);
  sys.directoryExists = (p) => orig.directoryExists(map(p));
  sys.getDirectories = (p) => orig.getDirectories(map(p));
  sys.readDirectory = (p, ...rest) => orig.readDirectory(map(p), ...rest);
  // The real path gives the forwarded files the same identity as the kernel's own type imports.
  sys.realpath = (p) => (orig.realpath ? orig.realpath(map(p)) : map(p));
}

let requireInstalled = false;

/** Makes Node's `require` fall back to the forwarded copies when the usual lookup fails. */
export function forwardRequire(forwards: Record<string, string>): void {
  if (requireInstalled) return;
  requireInstalled = true;
  const mod = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = mod._resolveFilename;
  mod._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (e) {
      for (const [name, dir] of Object.entries(forwards)) {
        if (request === name || request.startsWith(name + '/')) {
          return resolve.call(this, dir + request.slice(name.length), parent, isMain, options);
        }
      }
      throw e;
    }
  };
}
