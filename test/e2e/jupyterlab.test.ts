/**
 * In a real browser: JupyterLab, started here on 127.0.0.1 with private Jupyter folders and the
 * pathlab kernelspec on JUPYTER_PATH, opened by headless Chromium; a pathlab notebook runs all its
 * cells and JupyterLab's own vega-lite renderer draws the chart in the output area. The screenshot
 * is kept in test-artifacts/jupyterlab-notebook.png.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
const SCREENSHOT = path.join(ROOT, 'test-artifacts', 'jupyterlab-notebook.png');
const FAILURE_SCREENSHOT = path.join(ROOT, 'test-artifacts', 'jupyterlab-notebook-failure.png');
const NOTEBOOK = 'pathlab-lab.ipynb';

// Page-side code is passed as strings: the project compiles without the DOM library.
const CELL = (i: number) => `document.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')[${i}]`;
/** The text of the first cell's outputs. */
const FIRST_OUTPUT_TEXT = `(${CELL(0)}?.querySelector('.jp-OutputArea')?.textContent ?? '')`;
/**
 * What JupyterLab's vega renderer drew in the chart cell's output: which renderer took the bundle
 * (its CSS class tells vega-lite from the SVG or PNG fallbacks), and the marks — an SVG's mark
 * elements, or, as JupyterLab's vega-embed draws on a canvas by default, the canvas's strongly
 * coloured pixels split into bluish and orangish (the two series' lines and points; axes, grid
 * and text are grey or black).
 */
const CHART_STATE = `(() => {
  const out = ${CELL(1)}?.querySelector('.jp-OutputArea');
  const embed = out?.querySelector('.vega-embed');
  const result = { embed: !!embed, vegaLiteRenderer: false, svgMarks: 0, canvas: false, bluish: 0, orangish: 0 };
  if (!embed) return result;
  result.vegaLiteRenderer = !!embed.closest('.jp-OutputArea-output.jp-RenderedVegaLite');
  result.svgMarks = embed.querySelectorAll('svg .role-mark path, svg .role-mark line').length;
  const canvas = embed.querySelector('canvas');
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    result.canvas = true;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], g = d[i + 1], b = d[i + 2];
      if (d[i + 3] < 128 || Math.max(r, g, b) - Math.min(r, g, b) < 60) continue;
      if (b > r + 40) result.bluish++;
      else if (r > b + 40) result.orangish++;
    }
  }
  return result;
})()`;
interface ChartState {
  embed: boolean;
  vegaLiteRenderer: boolean;
  svgMarks: number;
  canvas: boolean;
  bluish: number;
  orangish: number;
}
/** Enough marks: SVG mark elements, or both lines' pixels on the canvas. */
const drawn = (s: ChartState) => s.svgMarks > 0 || (s.bluish > 100 && s.orangish > 100);
const CHART_DRAWN = `(() => { const s = ${CHART_STATE}; return s.svgMarks > 0 || (s.bluish > 100 && s.orangish > 100); })()`;
/** The scatter plot (cell 2) and the image grid (cell 3) have been drawn by vega-embed. */
const WIDE_CHARTS_DRAWN = `[2, 3].every((i) => !!document.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')[i]?.querySelector('.jp-OutputArea .vega-embed svg, .jp-OutputArea .vega-embed canvas'))`;
/**
 * Each wide chart's output element set to 1,000 px (the width pathlab's charts fit by default),
 * and what it then measures: its width, the width of its content (scrollWidth: wider content
 * means a horizontal scrollbar) and the drawn chart's width.
 */
const FIT_1000 = `(() => [2, 3].map((i) => {
  const cells = document.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell');
  const out = cells[i].querySelector('.jp-OutputArea-output');
  out.style.flex = '0 0 1000px';
  out.style.width = '1000px';
  out.style.maxWidth = '1000px';
  out.style.boxSizing = 'border-box';
  const drawn = out.querySelector('.vega-embed svg, .vega-embed canvas');
  return { cell: i, clientWidth: out.clientWidth, scrollWidth: out.scrollWidth, chartWidth: drawn ? drawn.getBoundingClientRect().width : 0 };
}))()`;
/** The table cell's (cell 4) HTML table: header cells and body rows. */
const TABLE_STATE = `(() => {
  const t = ${CELL(4)}?.querySelector('.jp-OutputArea .jp-RenderedHTMLCommon table');
  if (!t) return null;
  const text = (e) => e.textContent.trim();
  const head = Array.from(t.querySelectorAll('thead th')).map(text).filter((h) => h !== '');
  const rows = Array.from(t.querySelectorAll('tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).map(text));
  return { head, rows };
})()`;
/** Outputs JupyterLab shows as errors or stderr. */
const ERROR_OUTPUTS =
  'Array.from(document.querySelectorAll(\'.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]\')).map((e) => e.textContent)';
/**
 * The notebook is connected to an idle pathlab kernel: the status bar's kernel item (which reads
 * "No Kernel", "… | Starting", "… | Connecting" before) and the toolbar's execution indicator.
 */
const KERNEL_IDLE = `Array.from(document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')).some((e) => e.textContent.trim() === 'TypeScript (pathlab) | Idle')
  && document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'`;

/** The kernel status and dialogs, for failure messages. */
const STATUS_TEXT =
  "[document.querySelector('#jp-main-statusbar')?.textContent, Array.from(document.querySelectorAll('.jp-Dialog')).map((d) => d.textContent).join(' | ')].join(' / ')";

let dir: string;
let lab: ChildProcess | undefined;
let labLog = '';
let browser: Browser | undefined;

function notebook(): unknown {
  const code = (id: string, source: string) => ({
    id,
    cell_type: 'code',
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'pathlab', display_name: 'TypeScript (pathlab)', language: 'typescript' },
      language_info: { name: 'typescript' },
    },
    cells: [
      {
        id: 'intro',
        cell_type: 'markdown',
        metadata: {},
        source: '# pathlab in JupyterLab\nA tensor computed with `tf`, then a chart left as the last expression.',
      },
      code(
        'compute',
        [
          'const xs = tf.tensor1d([1, 2, 3, 4]);',
          'const squares = Array.from(xs.square().dataSync());',
          'xs.dispose();',
          "console.log('squares: ' + squares.join(' '));",
          'squares.reduce((a, b) => a + b, 0)',
        ].join('\n'),
      ),
      // `squares: squares`, not the shorthand `{ squares }`: tslab does not resolve a shorthand
      // property naming an earlier cell's variable (ReferenceError).
      code(
        'chart',
        "linePlot({ squares: squares, linear: [1, 2, 3, 4] }, { title: 'pathlab in JupyterLab', yTitle: 'x² and x' })",
      ),
      // The two widest layouts: a scatter plot with interaction panels, and a 10 × 10 grid of
      // MNIST-sized maps over their images, with row labels and the legend.
      code(
        'scatter',
        [
          'let s = 1;',
          'const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;',
          'const row3 = () => [rnd(), rnd(), rnd()];',
          'const xs3 = Array.from({ length: 200 }, row3);',
          'const phi3 = Array.from({ length: 200 }, row3);',
          'const inter3 = Array.from({ length: 200 }, row3);',
          'scatterPlot(phi3, xs3, { feature: 2, colorBy: 0, interactions: inter3 })',
        ].join('\n'),
      ),
      code(
        'grid',
        [
          'const pixels = () => Array.from({ length: 28 }, () => Array.from({ length: 28 }, rnd));',
          'const maps = Array.from({ length: 10 }, () => Array.from({ length: 10 }, pixels));',
          'const digits = Array.from({ length: 10 }, pixels);',
          'imageAttributionPlot(maps, { images: digits, rowLabels: digits.map((_, i) => `digit ${i}`) })',
        ].join('\n'),
      ),
      code('table', "[{ method: 'EG', gap: 0.0123456 }, { method: 'IG', gap: -0.5 }]"),
    ],
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the server's status endpoint until it answers, the process dies, or time runs out. */
async function waitForServer(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`jupyter lab exited (${child.exitCode ?? child.signalCode}) before answering:\n${labLog}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`jupyter lab did not answer within ${ms} ms:\n${labLog}`);
}

/** Pids of live processes whose command line mentions `marker` (our temp folder), except ours. */
function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Sends `signal` to a process group, ignoring groups that are gone. */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * Stops JupyterLab: SIGTERM to its process group (jupyter_server then shuts its kernels down),
 * SIGKILL if it lingers; then kills what is left of any kernel it started — kernels run in their
 * own session (so, group), found by the connection file under our private runtime folder.
 */
async function stopLab(): Promise<void> {
  const child = lab;
  lab = undefined;
  if (child?.pid !== undefined) {
    killGroup(child.pid, 'SIGTERM');
    if (!(await waitForExit(child, 10000))) {
      killGroup(child.pid, 'SIGKILL');
      await waitForExit(child, 5000);
    }
    killGroup(child.pid, 'SIGKILL');
  }
  if (dir) {
    for (const pid of processesMentioning(dir)) {
      killGroup(pid, 'SIGKILL');
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-jupyterlab-e2e-'));
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, NOTEBOOK), JSON.stringify(notebook(), null, 1));
  // Never ask about (nor fetch) the Jupyter news feed or updates: the toast would cover the page.
  const settings = path.join(dir, 'user-settings', '@jupyterlab', 'apputils-extension');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(
    path.join(settings, 'notification.jupyterlab-settings'),
    JSON.stringify({ fetchNews: 'false', checkForUpdates: false }),
  );
  const r = spawnSync(process.execPath, [CLI, 'install', '--prefix', path.join(dir, 'prefix')], {
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  try {
    await browser?.close();
  } catch {
    // already closed
  }
  browser = undefined;
  await stopLab();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('JupyterLab in headless Chromium runs a pathlab notebook and renders its vega-lite chart', { timeout: 180000 }, async () => {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Private Jupyter folders: no user config, settings, extensions or kernels leak in.
    JUPYTER_CONFIG_DIR: path.join(dir, 'config'),
    JUPYTER_DATA_DIR: path.join(dir, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(dir, 'runtime'),
    JUPYTER_PATH: path.join(dir, 'prefix', 'share', 'jupyter'),
    JUPYTER_TOKEN: token,
    JUPYTER_PLATFORM_DIRS: '0',
  };
  delete env.JUPYTER_PREFER_ENV_PATH;
  const args = [
    '-m',
    'jupyterlab',
    '--no-browser',
    '--ServerApp.open_browser=False',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    `--ServerApp.root_dir=${path.join(dir, 'root')}`,
    '--ServerApp.terminals_enabled=False',
    // Hermetic: no news feed, no update check, no PyPI extension manager.
    '--LabApp.news_url=None',
    '--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate',
    '--LabApp.extension_manager=readonly',
    `--LabApp.user_settings_dir=${path.join(dir, 'user-settings')}`,
    `--LabApp.workspaces_dir=${path.join(dir, 'workspaces')}`,
  ];
  // CI containers run as root, which jupyter_server refuses without this.
  if (process.getuid?.() === 0) args.push('--allow-root');
  lab = spawn('python3', args, { env, cwd: path.join(dir, 'root'), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    labLog = (labLog + b.toString()).slice(-20000);
  };
  lab.stdout?.on('data', keep);
  lab.stderr?.on('data', keep);
  await waitForServer(`${base}/api/status?token=${token}`, lab, 60000);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page: Page = await context.newPage();
  page.setDefaultTimeout(60000);
  const external: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) external.push(req.url());
  });
  page.on('pageerror', (err) => {
    // JupyterLab's debugger panel asks for the variables of any kernel without a debugger (the
    // pathlab kernelspec says `debugger: false`) and leaves the rejection unhandled.
    if (err.message !== 'No active debugger session') pageErrors.push(err.message);
  });
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  fs.rmSync(FAILURE_SCREENSHOT, { force: true });

  try {
    await runNotebook(page, base, token);
  } catch (e) {
    // Keep what the page looked like and what the server said, to tell where it got stuck.
    await page.screenshot({ path: FAILURE_SCREENSHOT }).catch(() => undefined);
    const status = await page.evaluate<string>(STATUS_TEXT).catch(() => '?');
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\npage status: ${status}\nscreenshot: ${FAILURE_SCREENSHOT}\njupyter lab log:\n${labLog}`,
    );
  }
  assert.deepEqual(pageErrors, [], 'page errors');
  assert.deepEqual(external, [], 'requests left localhost');
});

async function runNotebook(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/lab/tree/${NOTEBOOK}?token=${token}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell.jp-CodeCell', { timeout: 30000 });
  // Run only once the notebook's session is connected to an idle pathlab kernel: earlier, Run All
  // opens a kernel picker.
  await page.waitForFunction(KERNEL_IDLE, undefined, { timeout: 60000 });

  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();

  // An error output ends the wait at once (and fails below with its text).
  const failed = `${ERROR_OUTPUTS}.length > 0`;
  await page.waitForFunction(`${FIRST_OUTPUT_TEXT}.includes('30') || ${failed}`, undefined, { timeout: 45000 });
  await page.waitForFunction(`${CHART_DRAWN} || ${failed}`, undefined, { timeout: 45000 });
  await page.waitForFunction(`${WIDE_CHARTS_DRAWN} || ${failed}`, undefined, { timeout: 60000 });
  await page.waitForFunction(KERNEL_IDLE, undefined, { timeout: 15000 });

  assert.deepEqual(await page.evaluate<(string | null)[]>(ERROR_OUTPUTS), [], 'error or stderr outputs in the page');
  // In an output element 1,000 px wide, the scatter plot and the image grid need no horizontal
  // scrollbar: their output element's scrollWidth is at most its width.
  const fit = await page.evaluate<{ cell: number; clientWidth: number; scrollWidth: number; chartWidth: number }[]>(FIT_1000);
  fs.writeFileSync(path.join(ROOT, 'test-artifacts', 'jupyterlab-fit.json'), JSON.stringify(fit, null, 1) + '\n');
  assert.equal(fit.length, 2, JSON.stringify(fit));
  for (const f of fit) {
    assert.equal(f.clientWidth, 1000, `cell ${f.cell}: output element not 1,000 px wide: ${JSON.stringify(f)}`);
    assert.ok(f.scrollWidth <= f.clientWidth, `cell ${f.cell} overflows a 1,000 px output: ${JSON.stringify(f)}`);
    assert.ok(f.chartWidth > 500, `cell ${f.cell}: chart only ${f.chartWidth} px wide`);
  }
  // The array of records is an HTML table (rich display), numbers to four significant digits.
  const table = await page.evaluate<{ head: string[]; rows: string[][] } | null>(TABLE_STATE);
  assert.ok(table, 'the table cell shows no HTML table');
  assert.deepEqual(table.head, ['method', 'gap']);
  assert.deepEqual(table.rows, [
    ['EG', '0.01235'],
    ['IG', '-0.5'],
  ]);
  const firstText = await page.evaluate<string>(FIRST_OUTPUT_TEXT);
  assert.match(firstText, /squares: 1 4 9 16/);
  assert.match(firstText, /\b30\b/);
  const chart = await page.evaluate<ChartState>(CHART_STATE);
  assert.equal(chart.embed, true, 'no .vega-embed in the chart cell');
  // JupyterLab chose the vega-lite entry of the bundle, not the SVG or PNG fallback.
  assert.equal(chart.vegaLiteRenderer, true, 'the chart was not rendered by the vega-lite renderer');
  assert.ok(drawn(chart), `no marks drawn: ${JSON.stringify(chart)}`);

  await page.locator('.jp-Notebook .jp-Cell.jp-CodeCell').nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: SCREENSHOT });

  // Saved from the browser, the notebook holds what the kernel sent: no error outputs, and the
  // chart's full bundle.
  const file = path.join(dir, 'root', NOTEBOOK);
  await page.locator('[data-command="docmanager:save"]').first().click();
  const deadline = Date.now() + 15000;
  let saved: SavedNotebook | undefined;
  while (Date.now() < deadline) {
    // Jupyter writes the file in place, so a read can catch it half-written: try again then.
    let nb: SavedNotebook;
    try {
      nb = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedNotebook;
    } catch {
      await sleep(200);
      continue;
    }
    if (nb.cells.some((c) => (c.outputs ?? []).length > 0)) {
      saved = nb;
      break;
    }
    await sleep(200);
  }
  assert.ok(saved, 'the notebook was not saved with outputs');
  const outputs = saved.cells.flatMap((c) => c.outputs ?? []);
  assert.deepEqual(
    outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
    [],
    'kernel error outputs',
  );
  const code = saved.cells.filter((c) => c.cell_type === 'code');
  assert.deepEqual(
    code.map((c) => c.execution_count),
    [1, 2, 3, 4, 5],
  );
  const bundle = code[1].outputs?.find((o) => o.output_type === 'execute_result')?.data ?? {};
  assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.vegalite.v5+json', 'image/png', 'image/svg+xml', 'text/plain']);
}

interface SavedNotebook {
  cells: {
    cell_type: string;
    execution_count?: number | null;
    outputs?: { output_type: string; ename?: string; evalue?: string; data?: Record<string, unknown> }[];
  }[];
}
