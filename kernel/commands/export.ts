/** `pathlab export <executed.ipynb...> --out DIR [--format svg,png,html,json] [--code]`. */
import { EXPORT_FORMATS, exportNotebook, isExportFormat, type ExportFormat } from '../exportNotebook';
import { invalidCharts } from '../invalidCharts';
import { checkExportNames, outputErrors } from '../outputPaths';

const USAGE = `usage: pathlab export <executed.ipynb...> --out DIR [--format svg,png,html,json] [--code]

  --out DIR      where to write the chart files and one <notebook>.html report per notebook
  --format LIST  chart file formats, comma-separated (default: all of ${Object.keys(EXPORT_FORMATS).join(',')})
  --code         include the code cells in the HTML report
`;

export async function main(args: string[]): Promise<number> {
  const notebooks: string[] = [];
  let out: string | undefined;
  let formats: ExportFormat[] | undefined;
  let code = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' || a.startsWith('--out=')) {
      out = a === '--out' ? args[++i] : a.slice('--out='.length);
      if (out === undefined || out === '' || (a === '--out' && out.startsWith('-'))) {
        process.stderr.write(`${outputErrors.missingValue('pathlab export', '--out')}\n${USAGE}`);
        return 2;
      }
    } else if (a === '--format' || a.startsWith('--format=')) {
      const list = (a === '--format' ? args[++i] : a.slice('--format='.length)) ?? '';
      const names = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !isExportFormat(n));
      if (bad.length > 0 || names.length === 0) {
        process.stderr.write(
          `pathlab export: --format must list some of ${Object.keys(EXPORT_FORMATS).join(', ')}, but got '${list}'.\n`,
        );
        return 2;
      }
      formats = names as ExportFormat[];
    } else if (a === '--code') code = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`pathlab export: unknown option '${a}'.\n${USAGE}`);
      return 2;
    } else notebooks.push(a);
  }
  if (!out || notebooks.length === 0) {
    process.stderr.write(`pathlab export: ${!out ? '--out is required' : 'no notebook given'}.\n${USAGE}`);
    return 2;
  }
  try {
    checkExportNames(notebooks, out);
  } catch (e) {
    process.stderr.write(`pathlab export: ${(e as Error).message}\n`);
    return 2;
  }
  let status = 0;
  for (const nb of notebooks) {
    try {
      const r = exportNotebook(nb, { out, formats, code });
      process.stdout.write(`${nb}: ${r.charts} chart${r.charts === 1 ? '' : 's'}, ${r.files.length} files, report ${r.report}\n`);
      // A spec vega-lite cannot compile would be a blank chart in the report: the export fails.
      for (const bad of await invalidCharts(nb)) {
        process.stderr.write(`pathlab export: ${nb}: ${bad}\n`);
        status = 1;
      }
    } catch (e) {
      process.stderr.write(`pathlab export: ${nb}: ${(e as Error).message}\n`);
      status = 1;
    }
  }
  return status;
}
