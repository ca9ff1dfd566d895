/**
 * The charts of an executed notebook whose vega-lite spec does not compile: in a report they
 * would be blank, so `pathlab export` names each one and exits non-zero.
 */
import { Chart } from '../viz';
import { readNotebook } from './notebook';

const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** One line per chart that is not valid vega-lite: `cell N chart K: why`. */
export async function invalidCharts(file: string): Promise<string[]> {
  const nb = readNotebook(file);
  const out: string[] = [];
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    let position = 0;
    for (const o of cell.outputs ?? []) {
      const spec = (o.data as Record<string, unknown> | undefined)?.[VEGALITE_MIME];
      if (spec === undefined || (o.output_type !== 'display_data' && o.output_type !== 'execute_result')) continue;
      position++;
      try {
        await Chart.validate(spec);
      } catch (e) {
        out.push(`cell ${i + 1} chart ${position}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}
