/**
 * Each plot's self-contained HTML in headless Chromium: the chart renders (an SVG with marks), no
 * console errors, and the only request is the file itself.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './support/chromium';
import { allCharts } from '../viz/fixtures';

// Page-side code is passed as strings: the project compiles without the DOM library.
const VIEW_READY = 'window.pathlabView !== undefined';
const COUNT_MARKS =
  "document.querySelectorAll('#chart svg .role-mark path, #chart svg .role-mark line, #chart svg .role-mark text, #chart svg .role-mark image').length";
const DOT_OPACITIES = "Array.from(document.querySelectorAll('#chart .mark-symbol path')).map((p) => p.getAttribute('opacity'))";

test('every plot renders in headless Chromium without errors or network', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-viz-e2e-'));
  const browser = await launchChromium();
  try {
    for (const [name, chart] of Object.entries(allCharts())) {
      const file = path.join(dir, `${name}.html`);
      fs.writeFileSync(file, chart.toHTML());
      const url = pathToFileURL(file).href;
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(url);
      await page.waitForFunction(VIEW_READY, undefined, { timeout: 20000 });
      const marks = await page.evaluate<number>(COUNT_MARKS);
      assert.ok(marks > 0, `${name}: no marks drawn`);
      assert.deepEqual(problems, [], `${name}: console problems`);
      assert.deepEqual(requests, [url], `${name}: network requests`);
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('selecting a feature in the summary plot highlights it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-viz-e2e-'));
  const browser = await launchChromium();
  try {
    const file = path.join(dir, 'summary.html');
    fs.writeFileSync(file, allCharts().summary.toHTML());
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(VIEW_READY);
    const opacities = () => page.evaluate<(string | null)[]>(DOT_OPACITIES);
    const before = await opacities();
    assert.ok(before.length > 0 && before.every((o) => o === '0.85'));
    await page.selectOption('#chart select', { label: 'f3' });
    await page.waitForFunction(`${DOT_OPACITIES}.some((o) => o === '0.08')`);
    const after = await opacities();
    // 40 dots of f3 stay opaque, the other 3 × 40 fade.
    assert.equal(after.filter((o) => o === '0.85').length, 40);
    assert.equal(after.filter((o) => o === '0.08').length, 120);
    await page.close();
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
