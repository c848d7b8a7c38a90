// Real servers on 127.0.0.1:0 for the probe tests: an HTTP router with the
// ways a service misbehaves, raw TCP servers for "accepts and never answers"
// and "headers that never finish", HTTPS servers with certificates made at
// test time by the openssl CLI. Every server tracks its sockets so a test can
// check the client closed its side, and `close()` ends them all.
//
// Certificates with dates in the past: OpenSSL 3.0's `req`/`x509` only take
// `-days` counted from now (`-not_before`/`-not_after` arrived in 3.4), but
// `openssl ca -startdate … -enddate …` has taken explicit dates for ages. So a
// throwaway CA (index.txt, serial, a ten-line config) signs each leaf with the
// validity window the test asks for: valid, expiring in 3 days, expired 2 days
// ago. The self-signed one is a plain `req -x509`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestServer {
  /** "http://127.0.0.1:PORT" (no trailing slash). */
  origin: string;
  port: number;
  /** Connections accepted so far. */
  accepted: () => number;
  /** Connections still open on the server side. */
  open: () => number;
  /** Resolves once no connection is open (or after `ms`), with the number still open. */
  drained: (ms?: number) => Promise<number>;
  close: () => Promise<void>;
}

type AnyServer = http.Server | https.Server | net.Server;

async function track(server: AnyServer, scheme: 'http' | 'https'): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  // For TLS servers the raw TCP socket is what 'connection' gives; it closes when the TLS one does.
  server.on('connection', (socket: net.Socket) => {
    accepted++;
    // A socket nobody reads never sees the peer's FIN: read (and drop) so a close by the client shows.
    if (server instanceof net.Server && !(server instanceof http.Server)) socket.resume();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    accepted: () => accepted,
    open: () => sockets.size,
    drained: async (ms = 1000) => {
      const until = Date.now() + ms;
      while (sockets.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- HTTP router

export const HUGE_BYTES = 200 * 1024 * 1024;

/** What the router did, for assertions. */
export interface RouterStats {
  /** Bytes of the 200 MiB body actually written before the client went away. */
  hugeBytesSent: number;
  /** Authorization headers seen on /basic. */
  authorizations: (string | undefined)[];
  /** Paths requested, in order. */
  paths: string[];
}

/**
 * GET routes:
 *   /health → 200 "ok"            /status/NNN → that status
 *   /slow/MS → 200 after MS ms     /redirect/N → N redirects, then 200 at /redirect/0
 *   /loop/a ↔ /loop/b              /private → 302 to /login?next=/private
 *   /huge → a 200 MiB body, streamed with back-pressure
 *   /basic → 200 with the right Basic credentials (ana:s3cret-pw), else 401
 *   /stall → 200, 10 of 1000 body bytes, then silence
 *   /elsewhere?port=N → 302 to http://127.0.0.1:N/basic (another origin)
 *   anything else → 404
 */
export function router(stats: RouterStats): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    stats.paths.push(p);
    let m: RegExpExecArray | null;
    if (p === '/health' || p === '/login') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if ((m = /^\/status\/(\d{3})$/.exec(p))) {
      res.writeHead(Number(m[1]), { 'content-type': 'text/plain' }).end(`status ${m[1]}`);
    } else if ((m = /^\/slow\/(\d+)$/.exec(p))) {
      const timer = setTimeout(() => res.writeHead(200).end('slow but fine'), Number(m[1]));
      res.on('close', () => clearTimeout(timer));
    } else if ((m = /^\/redirect\/(\d+)$/.exec(p))) {
      const n = Number(m[1]);
      if (n === 0) res.writeHead(200).end('arrived');
      else res.writeHead(302, { location: `/redirect/${n - 1}` }).end();
    } else if (p === '/loop/a' || p === '/loop/b') {
      res.writeHead(301, { location: p === '/loop/a' ? '/loop/b' : '/loop/a' }).end();
    } else if (p === '/private') {
      res.writeHead(302, { location: '/login?next=%2Fprivate' }).end();
    } else if (p === '/stall') {
      // Headers and the first bytes of a body that never finishes.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('0123456789');
    } else if (p === '/elsewhere') {
      // A redirect to another origin (the port in ?port=).
      res.writeHead(302, { location: `http://127.0.0.1:${url.searchParams.get('port') ?? '1'}/basic` }).end();
    } else if (p === '/huge') {
      streamHuge(res, stats);
    } else if (p === '/basic') {
      stats.authorizations.push(req.headers.authorization);
      const good = `Basic ${Buffer.from('ana:s3cret-pw').toString('base64')}`;
      if (req.headers.authorization === good) res.writeHead(200).end('welcome');
      else res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end('who are you');
    } else {
      res.writeHead(404).end('not found');
    }
  };
}

function streamHuge(res: http.ServerResponse, stats: RouterStats): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(HUGE_BYTES) });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let closed = false;
  res.on('close', () => (closed = true));
  const pump = (): void => {
    while (!closed && stats.hugeBytesSent < HUGE_BYTES) {
      stats.hugeBytesSent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  pump();
}

export function newStats(): RouterStats {
  return { hugeBytesSent: 0, authorizations: [], paths: [] };
}

export async function startHttp(handler: http.RequestListener): Promise<TestServer> {
  return track(http.createServer(handler), 'http');
}

export async function startHttps(handler: http.RequestListener, pair: KeyPair): Promise<TestServer> {
  return track(https.createServer({ key: pair.key, cert: pair.cert }, handler), 'https');
}

/** Accepts the TCP connection and never says a word (a wedged process behind a load balancer). */
export async function startSilent(): Promise<TestServer> {
  return track(
    net.createServer(() => undefined),
    'http',
  );
}

/** Sends a status line, then one header line every `everyMs`, never finishing the headers. */
export async function startSlowHeaders(everyMs = 100): Promise<TestServer> {
  return track(
    net.createServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      let i = 0;
      const timer = setInterval(() => socket.write(`X-Slow-${i++}: still thinking\r\n`), everyMs);
      socket.on('close', () => clearInterval(timer));
    }),
    'http',
  );
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------- certificates

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** PEM of the test CA: pass as `ca` to trust the CA-signed leaves. */
  ca: string;
  /** Signed by the CA for 127.0.0.1/localhost, valid from yesterday for 90 days. */
  valid: KeyPair;
  /** Signed by the CA, expires in 3 days and 2 hours. */
  expiresSoon: KeyPair;
  /** Signed by the CA, valid from 60 days ago until 2 days ago. */
  expired: KeyPair;
  /** Self-signed for 127.0.0.1, valid 30 days. */
  selfSigned: KeyPair;
  /** When the dates were computed. */
  madeAt: Date;
  cleanup: () => void;
}

const DAY = 24 * 60 * 60 * 1000;

/** "20261125131700Z" for openssl ca -startdate/-enddate. */
function opensslDate(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const CA_CONFIG = `[ ca ]
default_ca = test
[ test ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = leaf
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
`;

export function makeCertificates(now: Date = new Date()): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-certs-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/CN=incident test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    run('req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
    fs.writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
    const sign = (out: string, from: Date, to: Date): KeyPair => {
      run(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-cert',
        'ca.crt',
        '-keyfile',
        'ca.key',
        '-in',
        'leaf.csr',
        '-out',
        out,
        '-startdate',
        opensslDate(from),
        '-enddate',
        opensslDate(to),
        '-notext',
      );
      return { key: read('leaf.key'), cert: read(out) };
    };
    const t = now.getTime();
    const valid = sign('valid.crt', new Date(t - DAY), new Date(t + 90 * DAY));
    const expiresSoon = sign('soon.crt', new Date(t - DAY), new Date(t + 3 * DAY + 2 * 60 * 60 * 1000));
    const expired = sign('expired.crt', new Date(t - 60 * DAY), new Date(t - 2 * DAY));
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'self.key',
      '-out',
      'self.crt',
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    );
    return {
      ca: read('ca.crt'),
      valid,
      expiresSoon,
      expired,
      selfSigned: { key: read('self.key'), cert: read('self.crt') },
      madeAt: now,
      cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
