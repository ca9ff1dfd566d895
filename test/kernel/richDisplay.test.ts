import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { formatNumber, isRecordArray, numericSummary, recordsTable, tensorHtml, textTableHtml } from '../../kernel/richDisplay';
import { toDisplayBundle } from '../../kernel/displayBundle';

test('numbers to four significant digits, integers in full, exponents at the extremes', () => {
  assert.deepEqual([0.123456, 12.3456, 1234.5678, 42, -3, 0.00012346, 1234567.8, 0, NaN, 2.5].map(formatNumber), [
    '0.1235',
    '12.35',
    '1235',
    '42',
    '-3',
    '1.235e-4',
    '1.235e+6',
    '0',
    'NaN',
    '2.5',
  ]);
});

test('an array of records is an HTML table and an aligned text table, without an (index) column or quotes', () => {
  const rows = [
    { method: 'EG', gap: 0.0123456, ms: 120 },
    { method: 'IG', gap: -0.5, ms: 8 },
  ];
  assert.ok(isRecordArray(rows));
  assert.ok(!isRecordArray([]));
  assert.ok(!isRecordArray([{ a: [1, 2] }]));
  const t = recordsTable(rows);
  assert.equal(t.text, ['method      gap   ms', 'EG      0.01235  120', 'IG         -0.5    8'].join('\n'));
  assert.equal(
    t.html,
    '<table class="pathlab-table"><thead><tr><th style="text-align:left">method</th><th style="text-align:right">gap</th><th style="text-align:right">ms</th></tr></thead>\n<tbody>\n' +
      '<tr><td style="text-align:left">EG</td><td style="text-align:right">0.01235</td><td style="text-align:right">120</td></tr>\n' +
      '<tr><td style="text-align:left">IG</td><td style="text-align:right">-0.5</td><td style="text-align:right">8</td></tr>\n</tbody></table>',
  );
  assert.match(recordsTable([{ a: '<b>' }]).html, /&lt;b&gt;/);
  const long = recordsTable(Array.from({ length: 60 }, (_, i) => ({ i })));
  assert.match(long.text, /\n… 10 more rows \(60 in all\)$/);
});

test('a 2-D tensor is an HTML table with its dtype and shape; higher ranks have none; no tensor leaks', () => {
  const before = tf.memory().numTensors;
  const t = tf.tensor2d([
    [1, 2.5],
    [3, 4],
  ]);
  const html = tensorHtml(t) ?? '';
  assert.match(html, /<caption style="text-align:left">Tensor float32 \[2, 2\]<\/caption>/);
  assert.match(html, /<td style="text-align:right">2\.5<\/td>/);
  const big = tf.zeros([30, 30]);
  assert.equal((tensorHtml(big) ?? '').match(/<tr>/g)?.length, 1 + 21);
  const r3 = tf.zeros([2, 2, 2]);
  assert.equal(tensorHtml(r3), null);
  tf.dispose([t, big, r3]);
  assert.equal(tf.memory().numTensors, before);
});

test("a result's text table becomes HTML: caption, header, rows, footer", () => {
  const text = [
    'expectedGradients: attributions of shape [12, 3] (numSamples=10)',
    'row  φ[0]  gap',
    '  0   0.1  0.0',
    '  1   0.2  0.1',
    '… 10 more rows',
  ].join('\n');
  const html = textTableHtml(text) ?? '';
  assert.match(
    html,
    /<caption style="text-align:left">expectedGradients: attributions of shape \[12, 3\] \(numSamples=10\)<\/caption>/,
  );
  assert.equal(html.match(/<tr>/g)?.length, 3);
  assert.match(html, /<p class="pathlab-table-footer">… 10 more rows<\/p>$/);
  assert.equal(textTableHtml('one line'), null);
});

test('a diagnostics object prints as a summary per field, the arrays one property away', async () => {
  const diagnostics = {
    completenessGap: Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) * i * 1e-3),
    evaluations: 200,
    hessian: 'dense',
  };
  const s = numericSummary(diagnostics);
  assert.ok(s);
  assert.equal(
    s.text,
    [
      'field            shape  mean (or value)  mean |·|  max |·|',
      'completenessGap  [100]             5e-4    0.0495    0.099',
      'evaluations                         200                   ',
      'hessian                           dense                   ',
      'The full arrays are the properties themselves, e.g. .completenessGap.',
    ]
      .map((l) => l.trimEnd())
      .join('\n'),
  );
  assert.equal(numericSummary({ a: [1, 2, 3] }), null);
  const bundle = await toDisplayBundle(diagnostics);
  assert.deepEqual(Object.keys(bundle).sort(), ['text/html', 'text/plain']);
});
