// A failed request in one line an engineer can act on at 3 a.m. Node, undici
// and OpenSSL each name the same failure differently (ENOTFOUND,
// UND_ERR_CONNECT_TIMEOUT, an AggregateError from happy-eyeballs with the
// real code on its members, a TLS code on `cause`), so they are all funnelled
// through `errorCode` and named here. Pure apart from reading error objects.
import { certificateProblem, cleanRemote, noAnswerWithin } from '../domain/probe.js';

export type Phase = 'connect' | 'headers' | 'body';

export interface ErrorContext {
  host: string;
  port: string;
  timeoutMs: number;
  /** Where the request was when it failed (tracked by the probe's connector). */
  phase: Phase;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The most specific code on an error, its cause, or the first member of an AggregateError. */
export function errorCode(error: unknown, depth = 0): string | null {
  if (error === null || typeof error !== 'object' || depth > 4) return null;
  const e = error as ErrorLike;
  // undici wraps the socket error; the cause names it better ("UND_ERR_SOCKET" ← ECONNRESET).
  const fromCause = errorCode(e.cause, depth + 1);
  if (typeof e.code === 'string' && e.code !== '' && !(e.code === 'UND_ERR_SOCKET' && fromCause)) return e.code;
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors)) {
    for (const member of e.errors) {
      const code = errorCode(member, depth + 1);
      if (code) return code;
    }
  }
  return null;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && typeof (error as ErrorLike).message === 'string') return (error as { message: string }).message;
  return String(error);
}

/** One line for a request that failed (not for an HTTP status: that is an answer). */
export function describeNetworkError(error: unknown, ctx: ErrorContext): string {
  const code = errorCode(error);
  const where = `${ctx.host}:${ctx.port}`;
  switch (code) {
    case 'ENOTFOUND':
      return `DNS: host not found (${ctx.host})`;
    case 'EAI_AGAIN':
      return `DNS: lookup of ${ctx.host} failed for now (no DNS server reachable?)`;
    case 'EAI_FAIL':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return `DNS: no address for ${ctx.host}`;
    case 'ECONNREFUSED':
      return `connection refused (${where})`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return ctx.phase === 'body' ? 'connection closed during the body' : `connection closed by ${where} before an answer`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return `host unreachable (${where})`;
    case 'EADDRNOTAVAIL':
      return `cannot connect to ${where} (address not available)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return noAnswerWithin(ctx.timeoutMs, 'connect');
    case 'UND_ERR_HEADERS_TIMEOUT':
      return noAnswerWithin(ctx.timeoutMs, 'headers');
    case 'UND_ERR_BODY_TIMEOUT':
      return noAnswerWithin(ctx.timeoutMs, 'body');
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'response headers too large';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'response body shorter than its Content-Length';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake failed with ${where} (${cleanRemote(messageOf(error), 120)})`;
    default:
      break;
  }
  if (code !== null && TLS_CODES.has(code)) return `TLS: ${certificateProblem(code)}`;
  if (code !== null && code.startsWith('HPE_')) return `invalid HTTP response (${code})`;
  if (code !== null && code.startsWith('ERR_SSL_')) return `TLS handshake failed with ${where} (${code})`;
  const message = cleanRemote(messageOf(error), 160);
  return code !== null ? `${code}: ${message}` : message;
}
