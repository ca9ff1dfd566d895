import test from 'node:test';
import assert from 'node:assert/strict';
import { createMessage, decodeMessage, encodeMessage } from '../../kernel/wire';

test('messages round-trip with identities and a verified signature', () => {
  const parent = createMessage('execute_request', { code: '1' }, undefined, 'sess');
  parent.identities = [Buffer.from('client-1')];
  const reply = createMessage('execute_reply', { status: 'ok' }, parent);
  const frames = encodeMessage('secret', reply);
  assert.equal(frames[0].toString(), 'client-1');
  assert.equal(frames[1].toString(), '<IDS|MSG>');
  const back = decodeMessage('secret', frames);
  assert.deepEqual(back.content, { status: 'ok' });
  assert.equal(back.parent_header.msg_id, parent.header.msg_id);
  assert.equal(back.header.session, 'sess');
  assert.throws(() => decodeMessage('other', frames), { message: 'Jupyter message with an invalid signature.' });
});
