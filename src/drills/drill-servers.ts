// The network pieces of a drill: servers on 127.0.0.1 that can be closed
// with every socket (a crash, the end of the drill) and listen again on the
// same port (the restart after a crash), waits that end early when the drill
// stops, and the service's calls to its dependencies with a deadline.
import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export class TrackedServer {
  private readonly sockets = new Set<Socket>();
  private listening = false;
  port = 0;

  constructor(readonly server: http.Server | https.Server) {
    // For HTTPS the raw TCP socket is what 'connection' gives; destroying it ends the TLS one.
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_error, socket: Socket) => socket.destroy());
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Port 0 picks a free one the first time; later calls reuse it. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** Stops accepting and ends every open connection at once, as a dying process does. */
  close(): Promise<void> {
    this.listening = false;
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  openConnections(): number {
    return this.sockets.size;
  }
}

/** Waits that the drill can cut short: stop() must not leave a timer behind. */
export class Waits {
  private readonly pending = new Map<NodeJS.Timeout, (finished: boolean) => void>();

  /** Calls `fn(true)` after `ms`, or `fn(false)` when cut short; the returned function cuts it short. */
  after(ms: number, fn: (finished: boolean) => void): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn(true);
    }, ms);
    this.pending.set(timer, fn);
    return () => this.cancel(timer);
  }

  /** True when the time passed; false when cut short (the drill stopped or the client left). */
  wait(ms: number, until?: { once: (event: 'close', fn: () => void) => unknown }): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cancel = this.after(ms, resolve);
      until?.once('close', cancel);
    });
  }

  private cancel(timer: NodeJS.Timeout): void {
    const fn = this.pending.get(timer);
    if (!fn) return;
    clearTimeout(timer);
    this.pending.delete(timer);
    fn(false);
  }

  cancelAll(): void {
    for (const timer of [...this.pending.keys()]) this.cancel(timer);
  }

  get size(): number {
    return this.pending.size;
  }
}

export type CallOutcome = { ok: true; status: number } | { ok: false; status: number } | { timedOutAfterMs: number } | { error: string };

/** Calls a dependency's server and reads its answer, within `timeoutMs`. */
export class DependencyCalls {
  private readonly inFlight = new Set<http.ClientRequest>();

  call(port: number, timeoutMs: number, waits: Waits): Promise<CallOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: CallOutcome): void => {
        if (settled) return;
        settled = true;
        this.inFlight.delete(req);
        cancelDeadline();
        resolve(outcome);
      };
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', () => settle({ ok: (res.statusCode ?? 500) < 400, status: res.statusCode ?? 500 }));
        res.on('error', (error) => settle({ error: error.message }));
      });
      this.inFlight.add(req);
      req.on('error', (error: NodeJS.ErrnoException) =>
        settle({ error: error.code === 'ECONNREFUSED' ? 'connection refused' : error.message }),
      );
      const cancelDeadline = waits.after(timeoutMs, (elapsed) => {
        if (!elapsed || settled) return;
        settle({ timedOutAfterMs: timeoutMs });
        req.destroy();
      });
      req.on('close', () => settle({ error: 'connection closed' }));
    });
  }

  abortAll(): void {
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }
}
