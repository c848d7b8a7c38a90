// The health probe: a few GET samples of a service URL with undici, plus one
// look at its TLS certificate. It never throws for a network problem and never
// hangs: every way a service can be broken ends as a one-line finding in a
// ProbeResult (domain/probe.ts), in time.
//
// Decisions (see also shared/README §4 for the undici traps):
// - Deadline: `timeoutMs` (default 5 s) is the TOTAL for one sample, redirects
//   and the capped body read included. It is enforced by our own timer and an
//   AbortController, because undici's own timeouts tick on a ~1 s wheel (a
//   5 s headersTimeout can fire at 5.9 s). undici's connect/headers/body
//   timeouts are set to the same value as backstops. The connector records
//   when the connection is up, so a timeout says where it stopped:
//   "no answer within 5.0 s (connect|headers|body)".
// - A sample that gets no answer in time ENDS the probe: more samples would
//   each wait the full deadline. So a black-holed host costs one deadline, not
//   `samples` of them; the error rate counts the samples taken. Other failures
//   (refused, DNS, 500) are fast and every sample is taken.
// - Every sample opens a fresh connection (`reset: true`): latency includes
//   connect and TLS, like curl's time_total, so a baseline and a later verify
//   measure the same thing. Latency = sample start → end of the capped body.
// - Health path (opts.healthPath): undefined (default) → the URL as given when
//   it has a path or query; for a bare origin try /health, then /api/health,
//   then / — moving on only on a 404 (a 401 or 500 from /health is an answer).
//   A string → that path on the URL's origin. null → exactly the URL given.
// - Redirects are followed by hand, at most 3 per sample. A Location seen
//   before in the chain is a loop; a login/sign-in/SSO page is unhealthy and not
//   followed. Credentials from the URL (user:password@) are sent as Basic auth,
//   only to the URL's own origin, and are masked in the result.
// - https: the HTTP samples do not verify the certificate, so a self-signed or
//   expired certificate still yields a status and latency; the certificate is
//   judged separately by a tls.connect (rejectUnauthorized: false, reading
//   getPeerCertificate/authorized/authorizationError) run alongside the first
//   sample under its own deadline. Exception: when the URL carries credentials
//   the samples DO verify the certificate, so a password is never sent over a
//   connection that could be intercepted.
// - Body: read up to maxBodyBytes (64 KiB), then the stream is destroyed; a
//   200 MiB answer costs one buffer, not 200 MiB.
// - Host names under .invalid (RFC 6761: guaranteed never to resolve) fail as
//   "DNS: host not found" without a lookup, so they fail fast even offline.
//   A real lookup that hangs is cut off by the deadline, but the getaddrinfo
//   call itself cannot be cancelled and finishes in libuv's thread pool.
// - Nothing is left behind: timers are cleared, the Agent is destroyed and the
//   TLS socket closed before the promise resolves.
import { isIP } from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { Agent, buildConnector, request } from 'undici';
import {
  REDIRECT_STATUSES,
  certificateProblem,
  cleanRemote,
  daysUntil,
  describeRedirectTarget,
  isGoodStatus,
  looksLikeLoginUrl,
  noAnswerWithin,
  summarizeSamples,
  type ProbeResult,
  type ProbeSample,
  type TlsInfo,
} from '../domain/probe.js';
import { VERSION } from '../version.js';
import { describeNetworkError, errorCode, type Phase } from './network-error.js';
import { trackConnections } from './tracked-connector.js';

export interface ProbeOptions {
  /** GET samples to take (default 3, at most 100). */
  samples?: number;
  /** Total deadline of ONE sample in ms, connect and headers included (default 5000). */
  timeoutMs?: number;
  /** undefined: discover (/health, /api/health, /) for a bare origin; a path: use it; null: the URL as given. */
  healthPath?: string | null;
  /** Cancels the probe (e.g. the UI state was left); it then resolves promptly with "probe cancelled". */
  signal?: AbortSignal;
  /** Body bytes read per answer (default 64 KiB); the rest is discarded. */
  maxBodyBytes?: number;
  now?: () => Date;
  /** Extra trust: PEM CA certificates (a private CA). Replaces the default store, as in Node's tls. */
  ca?: string | string[];
}

export const DEFAULT_SAMPLES = 3;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const MAX_REDIRECTS = 3;
const DISCOVERY_PATHS = ['/health', '/api/health', '/'];

/** RFC 6761 §6.4: names under .invalid never resolve. */
function isInvalidTld(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'invalid' || h.endsWith('.invalid');
}

function dnsNotFound(host: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
}

/** "[::1]" → "::1" for socket APIs. */
const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');
const portOf = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');
const chainKey = (url: URL): string => url.href.replace(/#.*$/, '');

function basicAuth(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  let user = url.username;
  let password = url.password;
  try {
    user = decodeURIComponent(user);
    password = decodeURIComponent(password);
  } catch {
    // Malformed escapes: send them as typed.
  }
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The URLs to try, in order (see the header comment). Credentials are already stripped. */
export function healthCandidates(url: URL, healthPath: string | null | undefined): URL[] {
  if (healthPath === null) return [url];
  if (typeof healthPath === 'string' && healthPath.trim() !== '') {
    const path = healthPath.trim();
    return [new URL(path.startsWith('/') ? path : `/${path}`, url.origin)];
  }
  if (url.pathname !== '/' || url.search !== '') return [url];
  return DISCOVERY_PATHS.map((p) => new URL(p, url.origin));
}

function failedResult(url: string, error: string, at: Date): ProbeResult {
  const sample: ProbeSample = { ok: false, status: null, latencyMs: null, error, finalUrl: url, redirects: [], bodyBytes: 0 };
  return summarizeSamples([sample], null, at, url, url);
}

/** Reads at most `cap` bytes, then destroys the stream (also on error or abort). */
async function readCapped(body: AsyncIterable<Buffer> & { destroy: () => void; destroyed: boolean }, cap: number): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes >= cap) return cap;
    }
    return bytes;
  } finally {
    if (!body.destroyed) body.destroy();
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

interface SampleOutcome {
  sample: ProbeSample;
  /** No answer before the deadline: the probe stops sampling. */
  timedOut: boolean;
  cancelled: boolean;
}

export async function probeHealth(url: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const now = opts.now ?? (() => new Date());
  const at = now();
  let given: URL;
  try {
    given = new URL(url);
  } catch {
    return failedResult(url, 'not a valid URL', at);
  }
  if (given.protocol !== 'http:' && given.protocol !== 'https:') {
    return failedResult(url, `only http and https can be probed, not ${given.protocol}`, at);
  }
  const wanted = Math.min(100, Math.max(1, Math.floor(opts.samples ?? DEFAULT_SAMPLES) || DEFAULT_SAMPLES));
  const timeoutMs = opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
  const maxBody = opts.maxBodyBytes !== undefined && opts.maxBodyBytes >= 0 ? opts.maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
  const signal = opts.signal;

  const authorization = basicAuth(given);
  const bare = new URL(given.href);
  bare.username = '';
  bare.password = '';
  const candidates = healthCandidates(bare, opts.healthPath);
  const https = bare.protocol === 'https:';

  const certificate = https
    ? checkCertificate(bareHost(bare.hostname), Number(portOf(bare)), { timeoutMs, ca: opts.ca, signal, at })
    : Promise.resolve(null);

  // Where the current request is; the connector moves it on once a socket is up.
  const state: { phase: Phase } = { phase: 'connect' };
  // Every socket this probe opens, and those still connecting. undici only
  // honours an abort once a request is on a connected socket, so a TLS
  // handshake that never completes would wait for its own (coarse) connect
  // timeout: on abort, connecting sockets are destroyed with an error, which
  // fails the request at once. (buildConnector returns the socket it creates;
  // if a future undici stops doing so, the race in takeSample still keeps the
  // deadline and the Agent's destroy closes the socket a little later.)
  const tracked = trackConnections(
    buildConnector({
      timeout: timeoutMs,
      // Credentials are only sent over a verified connection (see the header comment).
      rejectUnauthorized: https && authorization !== null,
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    }),
    () => (state.phase = 'headers'),
  );
  const connect: buildConnector.connector = (options, callback) => {
    if (isInvalidTld(options.hostname)) {
      const error = dnsNotFound(options.hostname);
      process.nextTick(() => callback(error, null));
      return;
    }
    tracked.connect(options, callback);
  };
  const abortConnecting = (reason: string): void => tracked.abortConnecting(reason, 'PROBE_ABORTED');
  const agent = new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });

  const takeSample = async (start: URL): Promise<SampleOutcome> => {
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    let cancelled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('probe deadline'));
      abortConnecting('probe deadline');
    }, timeoutMs);
    const onCancel = (): void => {
      cancelled = true;
      controller.abort(new Error('probe cancelled'));
      abortConnecting('probe cancelled');
    };
    // Whatever undici does, the sample ends when the controller aborts.
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    aborted.catch(() => undefined);
    if (signal?.aborted) onCancel();
    else signal?.addEventListener('abort', onCancel, { once: true });

    const redirects: string[] = [];
    const visited = new Set([chainKey(start)]);
    let current = start;
    let status: number | null = null;
    const done = (error: string | null, bodyBytes = 0): SampleOutcome => ({
      sample: {
        ok: error === null && isGoodStatus(status),
        status,
        latencyMs: status === null ? null : Math.round((performance.now() - started) * 10) / 10,
        error,
        finalUrl: current.href,
        redirects,
        bodyBytes,
      },
      timedOut: false,
      cancelled: false,
    });
    const hops = async (): Promise<SampleOutcome> => {
      for (;;) {
        state.phase = 'connect';
        const headers: Record<string, string> = { 'user-agent': `incident-probe/${VERSION}`, accept: '*/*' };
        if (authorization !== null && current.origin === bare.origin) headers.authorization = authorization;
        const res = await request(current, {
          dispatcher: agent,
          method: 'GET',
          headers,
          signal: controller.signal,
          reset: true,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        state.phase = 'body';
        status = res.statusCode;
        const location = headerValue(res.headers.location);
        if (!REDIRECT_STATUSES.includes(status) || location === null) {
          const bytes = await readCapped(res.body, maxBody);
          return done(null, bytes);
        }
        await readCapped(res.body, 16 * 1024);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return done(`redirect with an unusable Location (${cleanRemote(location, 80)})`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return done(`redirect to a ${cleanRemote(next.protocol, 20)} URL`);
        redirects.push(next.href);
        if (looksLikeLoginUrl(next.href)) {
          return done(`redirect to a login page (${describeRedirectTarget(current.href, next.href)}) — unhealthy`);
        }
        if (visited.has(chainKey(next))) return done('redirect loop');
        if (redirects.length > MAX_REDIRECTS) return done(`too many redirects (more than ${MAX_REDIRECTS})`);
        visited.add(chainKey(next));
        current = next;
      }
    };
    try {
      const work = hops();
      work.catch(() => undefined);
      return await Promise.race([work, aborted]);
    } catch (error) {
      const line = cancelled
        ? 'probe cancelled'
        : timedOut
          ? noAnswerWithin(timeoutMs, state.phase)
          : describeNetworkError(error, { host: bareHost(current.hostname), port: portOf(current), timeoutMs, phase: state.phase });
      // A timeout reported by undici (its own backstop) ends the probe like ours.
      const code = errorCode(error);
      const late = timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      const outcome = done(line);
      return { sample: { ...outcome.sample, ok: false, latencyMs: null }, timedOut: late, cancelled };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  };

  const samples: ProbeSample[] = [];
  let target = candidates[0]!;
  let stop = false;
  try {
    for (let i = 0; i < candidates.length; i++) {
      target = candidates[i]!;
      const outcome = await takeSample(target);
      const last = i === candidates.length - 1;
      if (!last && outcome.sample.status === 404 && outcome.sample.error === null) continue;
      samples.push(outcome.sample);
      stop = outcome.timedOut || outcome.cancelled;
      break;
    }
    while (!stop && samples.length < wanted) {
      const outcome = await takeSample(target);
      samples.push(outcome.sample);
      stop = outcome.timedOut || outcome.cancelled;
    }
  } finally {
    await agent.destroy().catch(() => undefined);
    for (const s of tracked.open) s.destroy();
  }
  const tlsInfo = await certificate;
  const shownTarget = new URL(target.href);
  if (given.username !== '' || given.password !== '') {
    // Keep the user visible (masked password) so the result says credentials were used.
    shownTarget.username = given.username;
    shownTarget.password = given.password;
  }
  return summarizeSamples(samples, tlsInfo, at, url, shownTarget.href);
}

// ---------------------------------------------------------------- certificate

function unread(error: string): TlsInfo {
  return { validFrom: null, validTo: null, daysLeft: null, issuer: null, subject: null, selfSigned: false, authorized: false, error };
}

function toIso(text: string | undefined): string | null {
  if (!text) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** "CN=api.example.com, O=Example" from Node's parsed subject/issuer. */
function formatName(name: unknown): string | null {
  if (name === null || typeof name !== 'object') return null;
  const parts = Object.entries(name as Record<string, unknown>).map(
    ([key, value]) => `${key}=${Array.isArray(value) ? value.map(String).join('+') : String(value)}`,
  );
  return parts.length === 0 ? null : cleanRemote(parts.join(', '), 200);
}

function authorizationCode(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  const e = value as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' ? e.code : typeof e.message === 'string' ? e.message : String(value);
}

/**
 * Reads the peer certificate with tls.connect (undici does not expose it):
 * validity dates, issuer, subject, whether this machine (or `ca`) trusts it
 * for this host name, and why not. Resolves within `timeoutMs` whatever happens.
 */
export function checkCertificate(
  host: string,
  port: number,
  opts: { timeoutMs: number; ca?: string | string[] | undefined; signal?: AbortSignal | undefined; at: Date },
): Promise<TlsInfo> {
  if (isInvalidTld(host)) return Promise.resolve(unread(`DNS: host not found (${host})`));
  if (opts.signal?.aborted) return Promise.resolve(unread('probe cancelled'));
  return new Promise((resolve) => {
    let socket: tls.TLSSocket | null = null;
    let finished = false;
    const finish = (info: TlsInfo): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket?.destroy();
      resolve(info);
    };
    const timer = setTimeout(() => finish(unread(noAnswerWithin(opts.timeoutMs, 'TLS'))), opts.timeoutMs);
    const onAbort = (): void => finish(unread('probe cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      socket = tls.connect({
        host,
        port,
        // SNI must be a name, never an IP address (RFC 6066); identity is then checked against `host`.
        ...(isIP(host) === 0 ? { servername: host } : {}),
        rejectUnauthorized: false,
        ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
        ALPNProtocols: ['http/1.1'],
      });
    } catch (error) {
      finish(unread(describeNetworkError(error, { host, port: String(port), timeoutMs: opts.timeoutMs, phase: 'connect' })));
      return;
    }
    const tlsSocket: tls.TLSSocket = socket;
    tlsSocket.once('secureConnect', () => {
      const cert = tlsSocket.getPeerCertificate(true);
      if (!cert || Object.keys(cert).length === 0) {
        finish(unread('the server sent no certificate'));
        return;
      }
      const code = tlsSocket.authorized ? null : authorizationCode(tlsSocket.authorizationError);
      const subject = formatName(cert.subject);
      const issuer = formatName(cert.issuer);
      const issuerCert = cert.issuerCertificate as tls.DetailedPeerCertificate | undefined;
      const selfSigned =
        code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
        (subject !== null && subject === issuer && (issuerCert === undefined || issuerCert.fingerprint256 === cert.fingerprint256));
      const validTo = toIso(cert.valid_to);
      finish({
        validFrom: toIso(cert.valid_from),
        validTo,
        daysLeft: validTo === null ? null : daysUntil(validTo, opts.at),
        issuer,
        subject,
        selfSigned,
        authorized: tlsSocket.authorized,
        error: code === null ? null : certificateProblem(code),
      });
    });
    tlsSocket.once('error', (error: Error) => {
      finish(unread(describeNetworkError(error, { host, port: String(port), timeoutMs: opts.timeoutMs, phase: 'connect' })));
    });
  });
}
