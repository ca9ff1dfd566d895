import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessage, decodeMessage, encodeMessage, readConnectionFile } from '../../kernel/wire';

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

test('frames without the delimiter or with fewer than four JSON frames are named errors', () => {
  const frames = encodeMessage('secret', createMessage('execute_request', { code: '1' }, undefined, 'sess'));
  assert.throws(() => decodeMessage('secret', frames.slice(1)), { message: 'Jupyter message without the <IDS|MSG> delimiter.' });
  assert.throws(() => decodeMessage('secret', frames.slice(0, frames.length - 1)), {
    message: 'Jupyter message with fewer than four JSON frames.',
  });
});

test('a connection file with another signature scheme is refused, naming the scheme and the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-wire-'));
  try {
    const file = path.join(dir, 'kernel.json');
    fs.writeFileSync(file, JSON.stringify({ transport: 'tcp', ip: '127.0.0.1', key: 'k', signature_scheme: 'hmac-md5' }));
    assert.throws(() => readConnectionFile(file), {
      message: `pathlab: unsupported signature_scheme 'hmac-md5' in ${file}; only hmac-sha256 is.`,
    });
    fs.writeFileSync(file, JSON.stringify({ transport: 'tcp', ip: '127.0.0.1', key: 'k', signature_scheme: 'hmac-sha256' }));
    assert.equal(readConnectionFile(file).key, 'k');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
