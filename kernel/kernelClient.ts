/**
 * A Jupyter client for the pathlab kernel, used by `pathlab run` and the tests: starts the kernel
 * process, speaks the protocol over ZeroMQ, collects each request's outputs, interrupts with
 * SIGINT, and notices at once when the process dies (nbclient would wait for a timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { createMessage, decodeMessage, encodeMessage, socketAddress, type ConnectionInfo, type JupyterMessage } from './wire';

/** How many of the kernel's last stderr lines a {@link DeadKernelError} carries. */
export const DEATH_STDERR_LINES = 12;

/**
 * The last `n` non-empty lines of `text`, without the kernel's start-up log line and without
 * native stack frames (`  5: 0x1113088 v8::internal::…`), which after a heap out-of-memory
 * would push V8's own report (`FATAL ERROR: … heap out of memory`) out of the tail.
 */
export function lastLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(
      (l) =>
        l !== '' &&
        !l.startsWith('[pathlab kernel] started') &&
        !/^\s*\d+: 0x[0-9a-f]+/.test(l) &&
        !/^-+ Native stack trace -+$/.test(l),
    )
    .slice(-n);
}

/** Thrown when the kernel process ends while a request is outstanding. */
export class DeadKernelError extends Error {
  /** The kernel's last stderr lines (a heap-out-of-memory report, a native crash). */
  readonly stderrLines: string[];
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    stderrTail = '',
  ) {
    super(`The kernel died (${signal ? `signal ${signal}` : `exit code ${exitCode}`}).`);
    this.name = 'DeadKernelError';
    this.stderrLines = lastLines(stderrTail, DEATH_STDERR_LINES);
  }
}

/** Thrown when a request outlives its timeout and the kernel did not recover from the interrupt. */
export class KernelTimeoutError extends Error {
  constructor(seconds: number) {
    super(`The cell did not finish within ${seconds} s and did not stop when interrupted; the kernel was killed.`);
    this.name = 'KernelTimeoutError';
  }
}

/** Options of {@link KernelClient.start}. */
export interface KernelStartOptions {
  /** The kernel's working directory (a notebook's folder). Default: the current one. */
  cwd?: string;
  /** Extra environment for the kernel. Default: none. */
  env?: Record<string, string>;
  /** The command that starts the kernel; `{connection_file}` is replaced. Default: this package's CLI. */
  argv?: string[];
  /** Seconds to wait for the kernel to answer kernel_info. Default: 60. */
  startTimeout?: number;
}

/** Options of {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Seconds before the cell is interrupted; 0 for none. Default: 0. */
  timeout?: number;
  /** Seconds an interrupted cell may take to stop before the kernel is killed. Default: 10. */
  interruptGrace?: number;
  /** Called with every iopub message of this request, in order. */
  onIopub?: (msg: JupyterMessage) => void;
}

/** What one execute_request gave. */
export interface ExecuteResult {
  reply: JupyterMessage;
  /** Every iopub message of the request, in order (status messages excluded). */
  iopub: JupyterMessage[];
  /** Whether the timeout fired (and the interrupt worked, or this would have thrown). */
  timedOut: boolean;
}

interface Pending {
  msgId: string;
  reply: JupyterMessage | null;
  idle: boolean;
  iopub: JupyterMessage[];
  onIopub?: (msg: JupyterMessage) => void;
  /** Called when the reply arrives (the iopub messages before idle may still be on their way). */
  onReply?: () => void;
  resolve: () => void;
  reject: (e: Error) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The default command: this package's CLI in this Node. */
export function defaultKernelArgv(): string[] {
  return [process.execPath, path.join(__dirname, 'cli.js'), 'kernel', '--connection-file', '{connection_file}'];
}

/** A connection to one kernel process. */
export class KernelClient {
  readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private dead: DeadKernelError | null = null;
  private readonly deathWaiters: ((e: DeadKernelError) => void)[] = [];
  private stderrTail = '';
  private closed = false;

  private constructor(
    readonly process: ChildProcess,
    private readonly conn: ConnectionInfo,
    private readonly connectionFile: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
  ) {}

  /** Starts a kernel and waits until it answers on shell and publishes on iopub. */
  static async start(options: KernelStartOptions = {}): Promise<KernelClient> {
    const ports = [] as number[];
    while (ports.length < 5) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const conn: ConnectionInfo = {
      transport: 'tcp',
      ip: '127.0.0.1',
      shell_port: ports[0],
      iopub_port: ports[1],
      stdin_port: ports[2],
      control_port: ports[3],
      hb_port: ports[4],
      key: randomBytes(16).toString('hex'),
      signature_scheme: 'hmac-sha256',
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-run-'));
    const connectionFile = path.join(dir, 'kernel.json');
    fs.writeFileSync(connectionFile, JSON.stringify(conn), { mode: 0o600 });
    const argv = (options.argv ?? defaultKernelArgv()).map((a) => a.replace('{connection_file}', connectionFile));
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const shell = new zmq.Dealer({ routingId: `pathlab-${randomUUID()}` });
    const control = new zmq.Dealer({ routingId: `pathlab-${randomUUID()}` });
    // No receive limit: a burst must queue here, not be dropped (the kernel's publisher waits).
    const iopub = new zmq.Subscriber({ receiveHighWaterMark: 0 });
    shell.connect(socketAddress(conn, conn.shell_port));
    control.connect(socketAddress(conn, conn.control_port));
    iopub.connect(socketAddress(conn, conn.iopub_port));
    iopub.subscribe();
    const client = new KernelClient(child, conn, connectionFile, shell, control, iopub);
    client.watch();
    try {
      await client.waitReady((options.startTimeout ?? 60) * 1000);
    } catch (e) {
      await client.close();
      throw e;
    }
    return client;
  }

  /** The last lines the kernel process wrote to stderr (for diagnosing a death). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Whether the process has ended. */
  get isDead(): boolean {
    return this.dead !== null;
  }

  private watch(): void {
    const keep = (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    };
    this.process.stderr?.on('data', keep);
    this.process.stdout?.on('data', keep);
    // The error is made once stderr has been read to its end ('close'), so that it carries the
    // last lines (V8's heap-out-of-memory report comes just before the abort); 'exit' alone
    // could come first, hence the fallback.
    let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const die = () => {
      if (this.dead || !ended) return;
      this.dead = new DeadKernelError(ended.code, ended.signal, this.stderrTail);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
      for (const w of this.deathWaiters.splice(0)) w(this.dead);
    };
    this.process.on('exit', (code, signal) => {
      ended = { code, signal };
      setTimeout(die, 500).unref();
    });
    this.process.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      ended ??= { code, signal };
      die();
    });
    void this.readLoop(this.shell, 'shell');
    void this.readLoop(this.iopub, 'iopub');
    void this.readLoop(this.control, 'control');
  }

  private async readLoop(sock: zmq.Dealer | zmq.Subscriber, channel: 'shell' | 'iopub' | 'control'): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(this.conn.key, frames);
        } catch {
          continue;
        }
        const p = this.pending.get(msg.parent_header.msg_id ?? '');
        if (!p) continue;
        if (channel === 'iopub') {
          if (msg.header.msg_type === 'status') {
            if (msg.content.execution_state === 'idle') p.idle = true;
          } else {
            p.iopub.push(msg);
            p.onIopub?.(msg);
          }
        } else {
          p.reply = msg;
          p.onReply?.();
        }
        if (p.reply && p.idle) {
          this.pending.delete(p.msgId);
          p.resolve();
        }
      }
    } catch {
      // socket closed
    }
  }

  /** Sends a request and waits for its reply and for the kernel's idle status on iopub. */
  request(
    type: string,
    content: Record<string, unknown>,
    options: { channel?: 'shell' | 'control'; onIopub?: (m: JupyterMessage) => void; onReply?: () => void } = {},
  ): { msgId: string; done: Promise<{ reply: JupyterMessage; iopub: JupyterMessage[] }> } {
    const msg = createMessage(type, content, undefined, this.session);
    const msgId = msg.header.msg_id;
    const done = new Promise<{ reply: JupyterMessage; iopub: JupyterMessage[] }>((resolve, reject) => {
      if (this.dead) {
        reject(this.dead);
        return;
      }
      const p: Pending = {
        msgId,
        reply: null,
        idle: false,
        iopub: [],
        onIopub: options.onIopub,
        onReply: options.onReply,
        resolve: () => resolve({ reply: p.reply as JupyterMessage, iopub: p.iopub }),
        reject,
      };
      this.pending.set(msgId, p);
    });
    const sock = options.channel === 'control' ? this.control : this.shell;
    sock.send(encodeMessage(this.conn.key, msg)).catch(() => undefined);
    return { msgId, done };
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The iopub subscription takes effect asynchronously, so kernel_info is repeated until its
    // idle status arrives on iopub (the reply alone does not prove iopub is connected).
    while (Date.now() < deadline) {
      if (this.dead) throw new Error(`The kernel exited while starting: ${this.dead.message}\n${this.stderrTail}`);
      const { msgId, done } = this.request('kernel_info_request', {});
      const ok = await Promise.race([
        done.then(() => true),
        sleep(Math.min(1000, Math.max(0, deadline - Date.now()))).then(() => false),
      ]).catch((e: unknown) => {
        throw e instanceof DeadKernelError ? new Error(`The kernel exited while starting: ${e.message}\n${this.stderrTail}`) : e;
      });
      if (ok) return;
      this.pending.delete(msgId);
    }
    throw new Error(`The kernel did not answer within ${timeoutMs / 1000} s.\n${this.stderrTail}`);
  }

  /** The kernel_info reply content. */
  async kernelInfo(): Promise<Record<string, unknown>> {
    return (await this.request('kernel_info_request', {}).done).reply.content;
  }

  /** Sends SIGINT to the kernel (interrupt_mode "signal"). */
  interrupt(): void {
    if (!this.dead) this.process.kill('SIGINT');
  }

  /** Runs `code`; with a timeout, interrupts, then kills the kernel if it does not recover. */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    let replied!: () => void;
    const reply = new Promise<'reply'>((resolve) => (replied = () => resolve('reply')));
    const { done } = this.request(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      { onIopub: options.onIopub, onReply: () => replied() },
    );
    const timeout = options.timeout ?? 0;
    if (!(timeout > 0)) return { ...(await done), timedOut: false };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeout * 1000);
    });
    try {
      // The timeout is on the cell's run, which ends with its reply; outputs still being read
      // after that (a burst of charts) are not the cell running late.
      const first = await Promise.race([done, reply, expired]);
      if (first === 'reply') return { ...(await done), timedOut: false };
      if (first !== 'timeout') return { ...first, timedOut: false };
      this.interrupt();
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<'kill'>((resolve) => {
        graceTimer = setTimeout(() => resolve('kill'), (options.interruptGrace ?? 10) * 1000);
      });
      const second = await Promise.race([done, grace]);
      clearTimeout(graceTimer);
      if (second !== 'kill') return { ...second, timedOut: true };
      await this.kill();
      throw new KernelTimeoutError(timeout);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the death error once the process has ended. */
  died(): Promise<DeadKernelError> {
    if (this.dead) return Promise.resolve(this.dead);
    return new Promise((resolve) => this.deathWaiters.push(resolve));
  }

  /** Kills the process and waits for it to end. */
  async kill(): Promise<void> {
    if (this.dead) return;
    const d = this.died();
    this.process.kill('SIGKILL');
    await d;
  }

  /** Asks the kernel to shut down, kills it if it has not ended within 3 s, and closes sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.dead) {
      this.request('shutdown_request', { restart: false }, { channel: 'control' }).done.catch(() => undefined);
      const ended = await Promise.race([this.died().then(() => true), sleep(3000).then(() => false)]);
      if (!ended) await this.kill();
    }
    for (const p of this.pending.values()) p.reject(new Error('The kernel client was closed.'));
    this.pending.clear();
    for (const s of [this.shell, this.control, this.iopub]) s.close();
    fs.rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
