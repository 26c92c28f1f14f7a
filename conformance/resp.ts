// A minimal RESP2 client over node:net: pipelined commands, FIFO replies, per-command timeout.
import net from 'node:net';

export type Reply = string | number | null | Reply[] | RespError;
export class RespError extends Error {
  constructor(msg: string) { super(msg); this.name = 'RespError'; }
}

interface Pending { resolve: (r: Reply) => void; reject: (e: Error) => void; done: boolean }

function encode(args: Array<string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply from buf at pos; returns [reply, nextPos] or null when incomplete. */
function parse(buf: Buffer, pos: number): [Reply, number] | null {
  if (pos >= buf.length) return null;
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return [line, next];
    case '-': return [new RespError(line), next];
    case ':': return [Number(line), next];
    case '$': {
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return null;
      return [buf.toString('utf8', next, next + n), next + n + 2];
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return [null, next];
      const out: Reply[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const r = parse(buf, p);
        if (!r) return null;
        out.push(r[0]);
        p = r[1];
      }
      return [out, p];
    }
    default: throw new Error(`RESP protocol error: unexpected byte ${type}`);
  }
}

export class Conn {
  private sock: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private queue: Pending[] = [];
  private ready: Promise<void>;
  closed = false;
  closeReason = '';

  constructor(readonly host: string, readonly port: number, localAddress?: string, connectTimeoutMs = 2000) {
    this.sock = net.connect({ host, port, localAddress });
    this.sock.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.close('connect timeout'); reject(new Error('ETIMEDOUT connect')); }, connectTimeoutMs);
      this.sock.once('connect', () => { clearTimeout(t); resolve(); });
      this.sock.once('error', (e) => { clearTimeout(t); reject(e); });
    });
    this.ready.catch(() => {});
    this.sock.on('data', (d) => this.onData(d));
    this.sock.on('error', (e) => this.close((e as NodeJS.ErrnoException).code ?? e.message));
    this.sock.on('close', () => this.close('closed'));
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    let pos = 0;
    for (;;) {
      const r = parse(this.buf, pos);
      if (!r) break;
      pos = r[1];
      const p = this.queue.shift();
      if (p && !p.done) { p.done = true; p.resolve(r[0]); }
    }
    this.buf = this.buf.subarray(pos);
  }

  close(reason = 'closed by client'): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.sock.destroy();
    for (const p of this.queue) if (!p.done) { p.done = true; p.reject(new Error(`connection ${reason}`)); }
    this.queue = [];
  }

  /** Sends a command; resolves with the reply (RespError values are replies, not rejections). */
  async command(args: Array<string | number>, timeoutMs = 5000): Promise<Reply> {
    await this.ready;
    if (this.closed) throw new Error(`connection ${this.closeReason}`);
    return new Promise<Reply>((resolve, reject) => {
      const p: Pending = { resolve, reject, done: false };
      const t = setTimeout(() => { if (!p.done) { p.done = true; reject(new Error('ETIMEDOUT reply')); } }, timeoutMs);
      p.resolve = (r) => { clearTimeout(t); resolve(r); };
      p.reject = (e) => { clearTimeout(t); reject(e); };
      this.queue.push(p);
      this.sock.write(encode(args));
    });
  }
}

/** One-shot command on a fresh connection. */
export async function once(host: string, port: number, args: Array<string | number>, timeoutMs = 3000, localAddress?: string): Promise<Reply> {
  const c = new Conn(host, port, localAddress, timeoutMs);
  try { return await c.command(args, timeoutMs); } finally { c.close(); }
}
