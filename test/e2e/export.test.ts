/** `pathlab export`: files per chart, and a report that renders every chart offline in Chromium. */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from './support/chromium';

const CLI = path.resolve(__dirname, '..', '..', 'kernel', 'cli.js');
let dir: string;

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
      'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>',
      'image/png': 'iVBORw0KGgo=',
      'text/plain': 'bar chart',
    },
  };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-export-e2e-'));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { id: 'm1', cell_type: 'markdown', metadata: {}, source: '# Report *title*\n\nSome text.' },
      {
        id: 'c1',
        cell_type: 'code',
        metadata: {},
        execution_count: 1,
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
        metadata: {},
        execution_count: 2,
        source: 'x',
        outputs: [{ output_type: 'execute_result', execution_count: 2, metadata: {}, data: { 'text/plain': 'feature | value' } }],
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
  for (const p of [1, 2]) for (const f of ['html', 'json', 'png', 'svg']) want.push(`demo_cell02_${p}.${f}`);
  assert.deepEqual(files, want.sort());
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'rep', 'demo_cell02_2.json'), 'utf8')).data.values.length, 3);
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
