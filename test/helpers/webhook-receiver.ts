// A webhook receiver on 127.0.0.1 for the notify and sender tests: answers
// each POST as scripted (a status, or 'hang': read the request and never
// answer) and keeps what it received. The URL carries a secret-looking path,
// like Slack's, so tests can check it never leaks into a message.
import type http from 'node:http';
import { startHttp, type TestServer } from './servers.js';

export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

export type Reply = number | 'hang' | { status: number; body?: string; headers?: Record<string, string> };

export interface Receiver {
  server: TestServer;
  /** The full webhook URL, secret path included. */
  url: string;
  /** The part of the URL that must never be shown. */
  secret: string;
  received: Received[];
  close: () => Promise<void>;
}

const BODIES: Record<number, string> = { 200: 'ok', 404: 'no_service', 500: 'internal error', 429: 'rate_limited' };

/** `replies[i]` answers the i-th request; the last one repeats. */
export async function startReceiver(replies: readonly Reply[]): Promise<Receiver> {
  const received: Received[] = [];
  const secret = 'T0AAAA/B0BBBB/s3cr3tWebh00kPath';
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)]!;
      if (reply === 'hang') return;
      const { status, body, headers } = typeof reply === 'number' ? { status: reply, body: undefined, headers: {} } : reply;
      // A server that quotes the request back: {url} and {path} in a body become what was asked for.
      const text = (body ?? BODIES[status] ?? `status ${status}`)
        .replaceAll('{url}', `http://${req.headers.host ?? ''}${req.url ?? ''}`)
        .replaceAll('{path}', req.url ?? '');
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    });
  };
  const server = await startHttp(handler);
  return { server, url: `${server.origin}/services/${secret}`, secret, received, close: () => server.close() };
}
