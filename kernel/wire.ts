/**
 * The Jupyter messaging wire format (protocol 5.3), shared by the kernel and `pathlab run`:
 * ZeroMQ frames `[identities..., '<IDS|MSG>', hmac, header, parent_header, metadata, content,
 * buffers...]`, signed with HMAC-SHA256 over the four JSON frames.
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';

/** The protocol version pathlab speaks. */
export const PROTOCOL_VERSION = '5.3';

const DELIMITER = Buffer.from('<IDS|MSG>');

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message. `content` is left as JSON; each handler reads the fields it needs. */
export interface JupyterMessage {
  /** ZeroMQ routing identities (ROUTER sockets need them to reply). */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers, or `{}`. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

/** Reads and checks a connection file. */
export function readConnectionFile(file: string): ConnectionInfo {
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as ConnectionInfo;
  if (info.signature_scheme && info.signature_scheme !== 'hmac-sha256' && info.key) {
    throw new Error(`pathlab: unsupported signature_scheme '${info.signature_scheme}' in ${file}; only hmac-sha256 is.`);
  }
  return info;
}

/** The address of one of the kernel's sockets. */
export function socketAddress(info: ConnectionInfo, port: number): string {
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}

function sign(key: string, frames: Buffer[]): string {
  // An empty key switches signing off (the protocol allows it).
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const f of frames) hmac.update(f);
  return hmac.digest('hex');
}

/** Splits and verifies raw frames; throws on a missing delimiter or a bad signature. */
export function decodeMessage(key: string, frames: Buffer[]): JupyterMessage {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new Error('Jupyter message without the <IDS|MSG> delimiter.');
  const signature = frames[at + 1]?.toString() ?? '';
  const body = frames.slice(at + 2, at + 6);
  if (body.length < 4) throw new Error('Jupyter message with fewer than four JSON frames.');
  if (key) {
    const want = Buffer.from(sign(key, body));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      throw new Error('Jupyter message with an invalid signature.');
    }
  }
  const [header, parent, metadata, content] = body.map((b) => JSON.parse(b.toString('utf8')) as unknown);
  return {
    identities: frames.slice(0, at),
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  };
}

/** Serialises and signs a message into frames. */
export function encodeMessage(key: string, msg: JupyterMessage): Buffer[] {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content].map((o) => Buffer.from(JSON.stringify(o), 'utf8'));
  return [...msg.identities, DELIMITER, Buffer.from(sign(key, body)), ...body, ...msg.buffers];
}

/** A new message; with `parent`, it answers that message (same session, same identities). */
export function createMessage(
  msgType: string,
  content: Record<string, unknown>,
  parent?: JupyterMessage,
  session: string = parent?.header.session ?? randomUUID(),
  metadata: Record<string, unknown> = {},
): JupyterMessage {
  return {
    identities: parent ? parent.identities : [],
    header: {
      msg_id: randomUUID(),
      session,
      username: parent?.header.username ?? 'pathlab',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent ? parent.header : {},
    metadata,
    content,
    buffers: [],
  };
}
