/** display() outside the kernel and display(value, { raw: true }) of a non-bundle: named errors. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { display, setDisplaySink, type DisplaySink } from '../../kernel/display';
import type { MimeBundle } from '../../kernel/displayBundle';

test('display outside a running cell (no sink) says where it works', () => {
  setDisplaySink(null);
  const message = 'display() works only inside the pathlab kernel, while a cell runs.';
  assert.throws(() => display.text('hi'), { message });
  assert.throws(() => display('hi'), { message });
});

test('raw: true needs a MIME bundle object; the rejection names what was received and nothing is sent', async () => {
  const sent: MimeBundle[] = [];
  const tracked: Promise<unknown>[] = [];
  const sink: DisplaySink = { send: (data) => void sent.push(data), track: (work) => void tracked.push(work) };
  setDisplaySink(sink);
  try {
    const message =
      "display(value, { raw: true }) needs a MIME bundle object such as { 'text/plain': 'hi' } as value; received string.";
    await assert.rejects(display('hi', { raw: true }).done, { name: 'TypeError', message });
    await assert.rejects(display([1], { raw: true }).done, {
      message:
        "display(value, { raw: true }) needs a MIME bundle object such as { 'text/plain': 'hi' } as value; received object.",
    });
    assert.equal(sent.length, 0);
    assert.equal(tracked.length, 2);
    await display({ 'text/plain': 'ok' }, { raw: true }).done;
    assert.deepEqual(sent, [{ 'text/plain': 'ok' }]);
  } finally {
    setDisplaySink(null);
  }
});
