/**
 * Where `pathlab run` and `pathlab export` write, decided before anything runs, so that no
 * output overwrites an input or another output: two inputs of one name into one `--out`, an
 * `--out` that is the input's own folder, or two reports of one name are errors, not losses.
 */
import * as path from 'node:path';

/** Messages of output conflicts, so that tests can match them exactly. */
export const outputErrors = {
  sameOutput: (a: string, b: string, target: string) =>
    `${a} and ${b} would both be written to ${target}; give them different names or run them with different --out folders.`,
  overwritesInput: (input: string, target: string) =>
    `the executed notebook of ${input} would overwrite the input ${target}; choose another --out folder.`,
  sameReport: (a: string, b: string, report: string) =>
    `${a} and ${b} would both write ${report} (and their chart files); export them to different --out folders.`,
  missingValue: (command: string, option: string) => `${command}: ${option} needs a value (a folder), but got none.`,
};

/** The executed notebook's path for each input (default: `<name>.out.ipynb` beside it). Throws on a conflict. */
export function runOutputPaths(notebooks: readonly string[], out?: string): string[] {
  const targets = notebooks.map((nb) =>
    out !== undefined
      ? path.join(out, path.basename(nb))
      : path.join(path.dirname(nb), `${path.basename(nb, '.ipynb')}.out.ipynb`),
  );
  const inputs = new Set(notebooks.map((nb) => path.resolve(nb)));
  const seen = new Map<string, string>();
  targets.forEach((target, i) => {
    const key = path.resolve(target);
    if (inputs.has(key)) throw new Error(outputErrors.overwritesInput(notebooks[i], target));
    const other = seen.get(key);
    if (other !== undefined) throw new Error(outputErrors.sameOutput(other, notebooks[i], target));
    seen.set(key, notebooks[i]);
  });
  return targets;
}

/** Throws when two notebooks would write the same report (`<stem>.html`) into `out`. */
export function checkExportNames(notebooks: readonly string[], out: string): void {
  const seen = new Map<string, string>();
  for (const nb of notebooks) {
    const report = path.join(out, `${path.basename(nb, '.ipynb')}.html`);
    const other = seen.get(report);
    if (other !== undefined && path.resolve(other) !== path.resolve(nb))
      throw new Error(outputErrors.sameReport(other, nb, report));
    seen.set(report, nb);
  }
}
