/** `pathlab export`: files per chart, and a report that renders every chart offline in Chromium. */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from './support/chromium';
import { encodeRgbPNG } from '../../viz/internal/png';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
const ROOT = path.resolve(__dirname, '..', '..', '..');
let dir: string;

/** A real 4 × 4 PNG (one colour per chart), so that a report without JavaScript can show it. */
function tinyPNG(shade: number): string {
  return encodeRgbPNG(new Uint8Array(4 * 4 * 3).fill(shade), 4, 4).toString('base64');
}

function chartOutput(values: number[]) {
  return {
    output_type: 'display_data',
    metadata: {},
    data: {
      'application/vnd.vegalite.v5+json': {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values: values.map((v, i) => ({ i, v })) },
        mark: 'bar',
        encoding: { x: { field: 'i', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' } },
      },
      'image/svg+xml':
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#4c78a8"/></svg>',
      'image/png': tinyPNG(40 * values.length),
      'text/plain': 'bar chart',
    },
  };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-export-e2e-'));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      pathlab: {
        run: {
          started: '2026-12-01T10:00:00.000Z',
          duration_ms: 65400,
          status: 'ok',
          parameters: { quick: 'true' },
          backend: { backend: 'tensorflow', device: 'CPU', tensorflowVersion: '2.21.0', tfjsVersion: '4.22.0' },
        },
      },
    },
    cells: [
      { id: 'm1', cell_type: 'markdown', metadata: {}, source: '# Report *title*\n\nSome text.' },
      {
        id: 'p1',
        cell_type: 'code',
        metadata: { tags: ['parameters'], pathlab: { status: 'ok', duration_ms: 12 } },
        execution_count: 1,
        source: 'const quick = false;\nconst seed = 0;',
        outputs: [],
      },
      {
        id: 'c1',
        cell_type: 'code',
        metadata: { pathlab: { status: 'ok', duration_ms: 2345 } },
        execution_count: 2,
        source: 'display(a); display(b)',
        outputs: [
          chartOutput([1, 2]),
          { output_type: 'stream', name: 'stdout', text: ['hello stream\n'] },
          chartOutput([3, 4, 5]),
        ],
      },
      {
        id: 'c2',
        cell_type: 'code',
        metadata: { pathlab: { status: 'ok', duration_ms: 61000 } },
        execution_count: 3,
        source: 'x',
        outputs: [{ output_type: 'execute_result', execution_count: 3, metadata: {}, data: { 'text/plain': 'feature | value' } }],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'demo.ipynb'), JSON.stringify(nb));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every chart is written in every format, named by notebook, cell and position', () => {
  const r = spawnSync(process.execPath, [CLI, 'export', 'demo.ipynb', '--out', 'rep', '--code'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(r.status, 0, r.stderr);
  const files = fs.readdirSync(path.join(dir, 'rep')).sort();
  const want = ['demo.html'];
  for (const p of [1, 2]) for (const f of ['html', 'json', 'png', 'svg']) want.push(`demo_cell03_${p}.${f}`);
  assert.deepEqual(files, want.sort());
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'rep', 'demo_cell03_2.json'), 'utf8')).data.values.length, 3);
  // A chart's own page carries its static image too.
  assert.match(
    fs.readFileSync(path.join(dir, 'rep', 'demo_cell03_1.html'), 'utf8'),
    /<div id="chart"><img class="chart-static" alt="bar chart" src="data:image\/png;base64,/,
  );
  const bad = spawnSync(process.execPath, [CLI, 'export', 'demo.ipynb', '--out', 'x', '--format', 'svg,gif'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--format must list some of svg, png, html, json, but got 'svg,gif'\./);
});

test('the report renders every chart in headless Chromium with no network request and no console error', async () => {
  const report = path.join(dir, 'rep', 'demo.html');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('file://')) requests.push(req.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('file://' + report);
    await page.waitForFunction(
      'document.querySelectorAll(".chart svg rect.background, .chart svg .mark-rect").length >= 2',
      undefined,
      { timeout: 30000 },
    );
    const bars = await page.evaluate(
      'Array.from(document.querySelectorAll(".chart")).map((c) => c.querySelectorAll(".mark-rect path").length)',
    );
    assert.deepEqual(bars, [2, 3]);
    const text = String(await page.evaluate('document.body.innerText'));
    assert.match(text, /hello stream/);
    assert.match(text, /feature \| value/);
    assert.match(text, /display\(a\); display\(b\)/);
    assert.equal(String(await page.evaluate('document.querySelector("h1").textContent')), 'Report title');
    fs.mkdirSync(path.resolve('test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.resolve('test-artifacts', 'export-report.png'), fullPage: true });
    assert.deepEqual(requests, []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

/** What a page without JavaScript shows of each chart: its static image, loaded. */
const STATIC_CHARTS = `Array.from(document.querySelectorAll('.chart')).map((c) => {
  const img = c.querySelector('img.chart-static');
  return { img: !!img, loaded: !!img && img.complete && img.naturalWidth > 0, src: img ? img.getAttribute('src').slice(0, 22) : '' };
})`;

test('with JavaScript off the report shows every chart as an image, and a header with the run', async () => {
  const report = path.join(dir, 'rep', 'demo.html');
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('file://') && !req.url().startsWith('data:')) requests.push(req.url());
    });
    await page.goto('file://' + report);
    await page.waitForLoadState('load');
    assert.deepEqual(await page.evaluate(STATIC_CHARTS), [
      { img: true, loaded: true, src: 'data:image/png;base64,' },
      { img: true, loaded: true, src: 'data:image/png;base64,' },
    ]);
    const header = String(await page.evaluate("document.querySelector('header.run-info').innerText"));
    assert.match(header, /Notebook\s+demo\.ipynb/);
    assert.match(header, /Run\s+2026-12-01 10:00:00 UTC, 1 min 05 s \(ok\)/);
    assert.match(header, /Parameters\s+quick = true \(set with -p\), seed = 0 \(default\)/);
    assert.match(header, /Backend\s+tensorflow, CPU, TensorFlow 2\.21\.0, tfjs 4\.22\.0/);
    assert.match(header, /Per-cell durations \(3 code cells, 1 min 03 s in cells\)/);
    const rows = await page.evaluate(
      "Array.from(document.querySelectorAll('details.cell-times tbody tr')).map((r) => Array.from(r.cells).map((c) => c.textContent))",
    );
    assert.deepEqual(rows, [
      ['2', '1', 'const quick = false;', 'ok', '0.01 s'],
      ['3', '2', 'display(a); display(b)', 'ok', '2.35 s'],
      ['4', '3', 'x', 'ok', '1 min 01 s'],
    ]);
    // Each row links to its cell.
    assert.equal(await page.evaluate('document.querySelectorAll(\'a[id="cell-3"]\').length'), 1);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});

test(
  'quick-mode mnist: the executed notebook is under 3 MB, its report under 2 MB, and without JavaScript every chart is an image',
  { timeout: 300000 },
  async () => {
    const out = path.join(dir, 'mnist');
    const run = spawnSync(
      process.execPath,
      [CLI, 'run', path.join(ROOT, 'notebooks', 'mnist.ipynb'), '-p', 'quick=true', '--out', out],
      {
        encoding: 'utf8',
        timeout: 240000,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const executed = path.join(out, 'mnist.ipynb');
    const exp = spawnSync(process.execPath, [CLI, 'export', executed, '--out', path.join(out, 'report')], {
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.equal(exp.status, 0, exp.stderr);
    const notebookBytes = fs.statSync(executed).size;
    const reportBytes = fs.statSync(path.join(out, 'report', 'mnist.html')).size;
    assert.ok(notebookBytes < 3_000_000, `executed notebook ${notebookBytes} bytes`);
    assert.ok(reportBytes < 2_000_000, `report ${reportBytes} bytes`);
    const nb = JSON.parse(fs.readFileSync(executed, 'utf8')) as {
      cells: { outputs?: { data?: Record<string, unknown> }[] }[];
      metadata: { pathlab: { run: { backend?: { backend: string } } } };
    };
    const charts = nb.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => o.data && 'application/vnd.vegalite.v5+json' in o.data).length;
    assert.ok(charts >= 4, `${charts} charts`);
    // The run records the backend the kernel chose.
    const backend = nb.metadata.pathlab.run.backend?.backend;
    assert.ok(backend, 'no backend in the run metadata');
    if (process.env.PATHLAB_BACKEND) assert.equal(backend, process.env.PATHLAB_BACKEND);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await page.goto('file://' + path.join(out, 'report', 'mnist.html'));
      await page.waitForLoadState('load');
      const shown = (await page.evaluate(STATIC_CHARTS)) as { img: boolean; loaded: boolean }[];
      assert.equal(shown.length, charts);
      assert.ok(
        shown.every((c) => c.img && c.loaded),
        JSON.stringify(shown),
      );
      const header = String(await page.evaluate("document.querySelector('header.run-info').innerText"));
      assert.match(header, /Parameters\s+quick = true \(set with -p\), seed = 0 \(default\)/);
      assert.match(header, new RegExp(`Backend\\s+${backend}`));
    } finally {
      await browser.close();
    }
  },
);

test('issue 16 #9: a hostile notebook exports to a report in which nothing from the notebook runs', async () => {
  const hit = (n: number) => `window.pathlabXss&&pathlabXss(${n});top.pathlabXss&&top.pathlabXss(${n});alert(${n})`;
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        id: 'k1',
        cell_type: 'markdown',
        metadata: { tags: ['pathlab-error-marker'] },
        source: `<img src=x onerror="${hit(1)}">marker`,
      },
      {
        id: 'k2',
        cell_type: 'markdown',
        metadata: {},
        source: `# Hi\n\n<script>${hit(2)}</script>\n\n<img src=x onerror="${hit(3)}">\n\n[link](javascript:${hit(4)})`,
      },
      {
        id: 'k3',
        cell_type: 'code',
        metadata: {},
        execution_count: 1,
        source: 'x',
        outputs: [
          {
            output_type: 'display_data',
            metadata: {},
            data: { 'text/html': `<b>bold</b><script>${hit(5)}</script><img src=x onerror="${hit(6)}">` },
          },
          {
            output_type: 'display_data',
            metadata: {},
            data: {
              'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg" onload="${hit(7)}"><script>${hit(8)}</script></svg>`,
            },
          },
          { output_type: 'display_data', metadata: {}, data: { 'image/png': `x" onerror="${hit(9)}` } },
          { output_type: 'display_data', metadata: {}, data: { 'text/markdown': `<img src=x onerror="${hit(10)}">` } },
          { output_type: 'stream', name: 'stdout', text: [`</pre><script>${hit(11)}</script>`] },
          chartOutput([1, 2]),
        ],
      },
    ],
  };
  const chartData = (nb.cells[2].outputs as { data?: Record<string, unknown> }[])[5].data as Record<string, unknown>;
  chartData['application/vnd.vegalite.v5+json'] = {
    ...(chartData['application/vnd.vegalite.v5+json'] as object),
    description: `</script><script>${hit(12)}</script>`,
    usermeta: { embedOptions: { patch: 'x' } },
  };
  fs.writeFileSync(path.join(dir, 'hostile.ipynb'), JSON.stringify(nb));
  const r = spawnSync(process.execPath, [CLI, 'export', 'hostile.ipynb', '--out', 'hostile', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(r.status, 0, r.stderr);
  const report = path.join(dir, 'hostile', 'hostile.html');
  const html = fs.readFileSync(report, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const hits: number[] = [];
    await page.exposeBinding('pathlabXss', (_source, n: number) => void hits.push(n));
    page.on('dialog', (d) => {
      hits.push(Number(d.message()));
      void d.dismiss();
    });
    await page.goto('file://' + report);
    // The legitimate chart still renders under the policy: the inlined vega runs.
    await page.waitForFunction('document.querySelectorAll(".chart svg .mark-rect path").length === 2', undefined, {
      timeout: 30000,
    });
    await page.waitForTimeout(500);
    assert.deepEqual(hits, []);
    const text = String(await page.evaluate('document.body.innerText'));
    assert.match(text, /<script>/, 'raw HTML of markdown is shown as text');
    assert.equal(await page.evaluate('document.querySelectorAll("iframe[sandbox=\\"\\"]").length'), 1);
  } finally {
    await browser.close();
  }
});

function exportCli(args: string[]) {
  return spawnSync(process.execPath, [CLI, 'export', ...args], { cwd: dir, encoding: 'utf8', timeout: 120000 });
}

test('issue 16 #18: two notebooks of one name into one folder, or --out without a value, are refused', () => {
  fs.mkdirSync(path.join(dir, 'x'), { recursive: true });
  fs.copyFileSync(path.join(dir, 'demo.ipynb'), path.join(dir, 'x', 'demo.ipynb'));
  const r = exportCli(['demo.ipynb', path.join('x', 'demo.ipynb'), '--out', 'same']);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    `pathlab export: demo.ipynb and ${path.join('x', 'demo.ipynb')} would both write ${path.join('same', 'demo.html')} (and their chart files); export them to different --out folders.\n`,
  );
  assert.equal(fs.existsSync(path.join(dir, 'same')), false);
  for (const args of [
    ['demo.ipynb', '--out'],
    ['demo.ipynb', '--out', '--code'],
  ]) {
    const m = exportCli(args);
    assert.equal(m.status, 2);
    assert.ok(m.stderr.startsWith('pathlab export: --out needs a value (a folder), but got none.\n'), m.stderr);
  }
});

test('issue 16 #20: a chart whose spec is not valid vega-lite fails the export, naming cell and chart', () => {
  const bad = chartOutput([1]);
  (bad.data['application/vnd.vegalite.v5+json'] as { mark: string }).mark = 'nonsense';
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ id: 'c1', cell_type: 'code', metadata: {}, execution_count: 1, source: 'x', outputs: [chartOutput([1]), bad] }],
  };
  fs.writeFileSync(path.join(dir, 'badspec.ipynb'), JSON.stringify(nb));
  const r = exportCli(['badspec.ipynb', '--out', 'badspec-out']);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    'pathlab export: badspec.ipynb: cell 1 chart 2: The spec of the chart passed to \'Chart.validate\' is not valid vega-lite: spec.mark has type "nonsense", which is not one of arc, area, bar, boxplot, circle, errorband, errorbar, geoshape, image, line, point, rect, rule, square, text, tick, trail.\n',
  );
  // The rest is still exported.
  assert.ok(fs.existsSync(path.join(dir, 'badspec-out', 'badspec.html')));
});
