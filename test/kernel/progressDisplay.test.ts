import test from 'node:test';
import assert from 'node:assert/strict';
import { createProgressHandler, progressText, PROGRESS_METADATA_KEY } from '../../kernel/progressDisplay';

test('one display id: first display_data, then rate-limited updates and a final update', () => {
  const sent: { update: boolean; id: string; text: unknown; meta: unknown }[] = [];
  let now = 0;
  const handler = createProgressHandler(
    () => (data, metadata, id, update) =>
      sent.push({ update, id, text: data['text/plain'], meta: metadata[PROGRESS_METADATA_KEY] }),
    () => now,
  );
  const r = handler('expectedGradients', 10);
  for (let i = 1; i <= 10; i++) {
    now += 50;
    r.update(i, 10);
  }
  r.end();
  r.end();
  assert.equal(sent[0].update, false);
  assert.ok(sent.slice(1).every((s) => s.update && s.id === sent[0].id));
  // 500 ms of updates at 50 ms each, at most one per 200 ms, plus the first and the final one.
  assert.equal(sent.length, 5);
  assert.equal(sent[sent.length - 1].text, progressText('expectedGradients', 10, 10, 500, true));
  assert.deepEqual(sent[sent.length - 1].meta, { label: 'expectedGradients', done: 10, total: 10, finished: true });
  assert.match(String(sent[sent.length - 1].text), /^expectedGradients \[={30}\] 10\/10 0\.5 s done$/);
});

test("the bar's clock starts when the call began (startedAt), not when the bar is first drawn", () => {
  const sent: unknown[] = [];
  let now = 10_000;
  const handler = createProgressHandler(
    () => (data) => sent.push(data['text/plain']),
    () => now,
  );
  // The call began 2.5 s before its first checkpoint (input checks and f(x)).
  const r = handler('expectedGradients', 4, 7_500);
  now += 300;
  r.update(1, 4);
  assert.equal(sent[0], progressText('expectedGradients', 0, 4, 2500, false));
  assert.equal(sent[1], progressText('expectedGradients', 1, 4, 2800, false));
  assert.match(String(sent[1]), / 1\/4 2\.8 s$/);
});
