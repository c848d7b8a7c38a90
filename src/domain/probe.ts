// What a health probe found, as data, and the rules that judge it. The probe
// itself (undici, tls.connect) lives in probes/health-probe.ts; everything
// here is pure: the time comes in as `at`, URLs are masked on the way in, so a
// ProbeResult can go straight into the timeline.
//
// Verdict rules (one place, table-tested):
// - healthy = at least one sample, no failed sample, a final 2xx/3xx status,
//   and (for https) a certificate that was read, is trusted and is in date.
// - A certificate with fewer than CERT_WARN_DAYS days left is a warning
//   finding, not a failure; expired, not yet valid, self-signed or otherwise
//   untrusted is unhealthy.
// - Against a baseline: status healthy, p95 within `latencyFactor` × the
//   baseline's (with a small absolute slack so a 4 ms baseline does not fail
//   on 7 ms of jitter), error rate at or under it, certificate valid.
import { maskUrl } from './secrets.js';
import { oneLine, stripControl } from './sanitize.js';

export interface ProbeSample {
  /** Answered with a final 2xx/3xx and no error. */
  ok: boolean;
  /** The last HTTP status seen (a redirect's, if the chain stopped there); null without an answer. */
  status: number | null;
  /** Start of the sample to the end of the (capped) body read, redirects included; null without an answer. */
  latencyMs: number | null;
  /** One line when the sample failed for another reason than its status ("redirect loop", "connection refused (…)"). */
  error: string | null;
  /** The URL whose answer ended the sample. */
  finalUrl: string;
  /** Each Location followed (or refused), in order. */
  redirects: string[];
  /** Body bytes read (at most the probe's cap). */
  bodyBytes?: number;
}

export interface TlsInfo {
  /** ISO times from the peer certificate; null when it could not be read. */
  validFrom: string | null;
  validTo: string | null;
  /** Whole days from the probe time to validTo (negative once expired). */
  daysLeft: number | null;
  issuer: string | null;
  subject: string | null;
  selfSigned: boolean;
  /** Trusted by this machine's CA store (or the CAs given) for this host name. */
  authorized: boolean;
  /** Why the certificate is not trusted ("certificate has expired"), or why it could not be read; null when fine. */
  error: string | null;
}

export interface ProbeResult {
  /** The URL as given, masked. */
  url: string;
  /** The URL actually probed (health path included), masked. */
  target: string;
  at: string;
  samples: ProbeSample[];
  status: number | null;
  healthy: boolean;
  /** One line each: what is wrong or about to be. */
  findings: string[];
  p50Ms: number | null;
  p95Ms: number | null;
  /** Failed samples / samples, 0..1. */
  errorRate: number;
  tls: TlsInfo | null;
  bodyBytes: number;
}

export interface Baseline {
  status: number;
  p95Ms: number;
  errorRate: number;
  source: 'probe' | 'typed';
  /** What was typed, or describeProbe of the probe it came from. */
  text: string;
}

export type BaselineCheckName = 'status' | 'latency' | 'errors' | 'certificate';
export interface BaselineCheck {
  name: BaselineCheckName;
  pass: boolean;
  detail: string;
}
export interface BaselineComparison {
  pass: boolean;
  checks: BaselineCheck[];
}

export const CERT_WARN_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Latency within the factor OR within this many ms of the baseline passes. */
export const LATENCY_SLACK_MS = 25;

// ---------------------------------------------------------------- small helpers

export const isGoodStatus = (status: number | null): status is number => status !== null && status >= 200 && status < 400;
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

/**
 * Text from the network, made safe for one line of a terminal or the timeline.
 * Masked before it is shortened: a token cut in half no longer looks like one.
 */
export function cleanRemote(text: string, max = 200): string {
  const line = maskUrl(oneLine(stripControl(text)));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "no answer within 5.0 s (headers)" */
export function noAnswerWithin(timeoutMs: number, phase: 'connect' | 'headers' | 'body' | 'TLS'): string {
  return `no answer within ${(timeoutMs / 1000).toFixed(1)} s (${phase})`;
}

/** "12 ms", "0.4 ms", "1.25 s" */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Nearest-rank percentile (conservative for a handful of samples: p95 of 3 is the slowest). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return round1(sorted[rank - 1]!);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Path of a URL for findings: "/health" (no query: it may hold tokens). Unparseable input comes back masked. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname || '/';
  } catch {
    return maskUrl(url);
  }
}

/**
 * A redirect target that is a login, sign-in or SSO page: the service answers,
 * but a user (or a health checker) gets a login form instead of the app. Looks
 * at path segments (/login, /signin, /sso/…, /oauth2/authorize, /saml, /cas,
 * /users/sign_in, /session/new) and at login-ish host names (login., sso.,
 * auth., accounts., signin.).
 */
export function looksLikeLoginUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (/^(?:login|logon|signin|sso|auth|accounts?|idp|adfs|okta)\./i.test(parsed.hostname)) return true;
  const segments = parsed.pathname.toLowerCase().split('/').filter(Boolean);
  const LOGIN =
    /^(?:log-?in|log_in|logon|sign-?in|sign_in|sso|saml2?|oauth2?|openid-connect|authorize|auth|cas|adfs|session)(?:\.[a-z]+)?$/;
  if (segments.some((s) => LOGIN.test(s))) return true;
  return segments.join('/').includes('session/new');
}

/** Where a redirect leads, for a finding: the path on the same origin, else origin + path; never the query. */
export function describeRedirectTarget(from: string, to: string): string {
  try {
    const a = new URL(from);
    const b = new URL(to);
    return a.origin === b.origin ? b.pathname : maskUrl(`${b.origin}${b.pathname}`);
  } catch {
    return maskUrl(to);
  }
}

/** OpenSSL/Node verification codes in words. */
export function certificateProblem(code: string): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'self-signed certificate';
    case 'CERT_HAS_EXPIRED':
      return 'certificate has expired';
    case 'CERT_NOT_YET_VALID':
      return 'certificate is not valid yet';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return 'certificate is for another host name';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'certificate issuer unknown (incomplete chain or private CA)';
    case 'CERT_REVOKED':
      return 'certificate revoked';
    case 'CERT_SIGNATURE_FAILURE':
    case 'CERT_UNTRUSTED':
    case 'CERT_REJECTED':
      return 'certificate not trusted';
    default:
      return `certificate not trusted (${cleanRemote(code, 80)})`;
  }
}

/** Whole days from `at` to `validTo`, rounded down (negative once expired). */
export function daysUntil(validTo: string, at: Date): number | null {
  const end = Date.parse(validTo);
  return Number.isNaN(end) ? null : Math.floor((end - at.getTime()) / DAY_MS);
}

interface CertVerdict {
  valid: boolean;
  findings: string[];
}

function judgeCertificate(tls: TlsInfo, at: Date): CertVerdict {
  if (tls.validTo === null) {
    return { valid: false, findings: [`certificate not checked: ${tls.error ?? 'no certificate read'}`] };
  }
  const findings: string[] = [];
  let valid = tls.authorized;
  const end = Date.parse(tls.validTo);
  const start = tls.validFrom === null ? NaN : Date.parse(tls.validFrom);
  if (!Number.isNaN(end) && end <= at.getTime()) {
    findings.push(`certificate expired ${tls.validTo.slice(0, 10)}`);
    valid = false;
  } else if (!Number.isNaN(start) && start > at.getTime()) {
    findings.push(`certificate not valid before ${tls.validFrom!.slice(0, 10)}`);
    valid = false;
  }
  if (tls.selfSigned) {
    // A private CA the caller trusts (authorized) is fine; self-signed and untrusted is not.
    if (!tls.authorized) findings.push('self-signed certificate');
  } else if (!tls.authorized && findings.length === 0) {
    findings.push(tls.error ?? 'certificate not trusted');
  }
  const days = tls.daysLeft ?? daysUntil(tls.validTo, at);
  if (days !== null && days >= 0 && days < CERT_WARN_DAYS && end > at.getTime()) {
    findings.push(days === 0 ? 'certificate expires within a day' : `certificate expires in ${days} day${days === 1 ? '' : 's'}`);
  }
  return { valid, findings };
}

/** True when the certificate was read, is trusted and is in date at `at`. */
export function certificateValid(tls: TlsInfo, at: Date): boolean {
  return judgeCertificate(tls, at).valid;
}

// ---------------------------------------------------------------- summarize

/**
 * Builds the result from the samples: p50/p95 over the samples that answered,
 * error rate over all of them, the status of the last sample that had one,
 * findings deduplicated ("(2 of 3 samples)" when not all), URLs masked.
 */
export function summarizeSamples(samples: ProbeSample[], tls: TlsInfo | null, at: Date, url: string, target: string): ProbeResult {
  const latencies = samples.flatMap((s) => (s.latencyMs === null ? [] : [s.latencyMs]));
  const failed = samples.filter((s) => !s.ok).length;
  const errorRate = samples.length === 0 ? 1 : failed / samples.length;
  const status = samples.findLast((s) => s.status !== null)?.status ?? null;

  const counts = new Map<string, number>();
  for (const s of samples) {
    const line = sampleFinding(s);
    if (line !== null) counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const findings = [...counts].map(([line, n]) =>
    n === samples.length || samples.length === 1 ? line : `${line} (${n} of ${samples.length} samples)`,
  );
  if (samples.length === 0) findings.push('no sample taken');

  let tlsValid = true;
  if (tls !== null) {
    const verdict = judgeCertificate(tls, at);
    tlsValid = verdict.valid;
    // A certificate that could not be read is news only when HTTP got through.
    const answered = samples.some((s) => s.status !== null);
    if (tls.validTo !== null || answered) findings.push(...verdict.findings);
  }

  return {
    url: maskUrl(url),
    target: maskUrl(target),
    at: at.toISOString(),
    samples: samples.map((s) => ({
      ...s,
      finalUrl: maskUrl(s.finalUrl),
      redirects: s.redirects.map(maskUrl),
      error: s.error === null ? null : maskUrl(s.error),
    })),
    status,
    healthy: samples.length > 0 && failed === 0 && isGoodStatus(status) && tlsValid,
    findings: findings.map((f) => maskUrl(f)),
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    errorRate: round3(errorRate),
    tls,
    bodyBytes: Math.max(0, ...samples.map((s) => s.bodyBytes ?? 0)),
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function sampleFinding(s: ProbeSample): string | null {
  if (s.error !== null) return s.error;
  if (s.ok) return null;
  if (s.status !== null) return `HTTP ${s.status} from ${pathOf(s.finalUrl)}`;
  return 'no answer';
}

// ---------------------------------------------------------------- describe

const pct = (rate: number): string => `${Math.round(rate * 100)}%`;

/** One line for the timeline and the screen. */
export function describeProbe(result: ProbeResult): string {
  const parts: string[] = [];
  parts.push(result.status === null ? 'no HTTP answer' : `HTTP ${result.status}`);
  if (result.p50Ms !== null) parts.push(`p50 ${formatMs(result.p50Ms)} / p95 ${formatMs(result.p95Ms)}`);
  const n = result.samples.length;
  parts.push(`errors ${pct(result.errorRate)} of ${n} sample${n === 1 ? '' : 's'}`);
  if (result.tls?.daysLeft !== null && result.tls?.daysLeft !== undefined) {
    const d = result.tls.daysLeft;
    parts.push(d < 0 ? 'certificate expired' : `certificate ${d} day${d === 1 ? '' : 's'} left`);
  }
  const head = `${result.healthy ? 'healthy' : 'unhealthy'} ${result.target}: ${parts.join(', ')}`;
  return result.findings.length === 0 ? head : `${head} — ${result.findings.join('; ')}`;
}

// ---------------------------------------------------------------- baseline

export type ParsedBaseline = { ok: true; baseline: Baseline } | { ok: false; error: string };

const LATENCY =
  /(?:~|≈|about|around|roughly|approx\.?|under|<|≤)?\s*(\d+(?:[.,]\d+)?)\s*(ms|msec|millis(?:econds?)?|milliseconds?|s|sec|secs|seconds?)(?![a-z])/i;
const ERRORS = /(\d+(?:[.,]\d+)?)\s*%\s*(?:errors?|error rate|5xx|failures?)/i;
const EXAMPLE = 'e.g. "normally 200 in ~120 ms"';

/**
 * "normally 200 in ~120 ms", "200, 120ms", "200 ~0.3s", "HTTP 204 in about
 * 1.2 s, 1% errors". The latency is taken as the p95 to compare against; the
 * error rate is 0 unless one is typed.
 */
export function parseTypedBaseline(text: string): ParsedBaseline {
  const input = oneLine(stripControl(text));
  if (input === '') return { ok: false, error: `Type the usual status and latency, ${EXAMPLE}.` };
  let rest = input;
  let errorRate = 0;
  const errors = ERRORS.exec(rest);
  if (errors) {
    errorRate = Number(errors[1]!.replace(',', '.')) / 100;
    if (!(errorRate >= 0 && errorRate <= 1)) return { ok: false, error: `An error rate is 0–100 %: "${errors[0]}".` };
    rest = rest.replace(errors[0], ' ');
  }
  const latency = LATENCY.exec(rest);
  let p95Ms: number | null = null;
  if (latency) {
    const value = Number(latency[1]!.replace(',', '.'));
    p95Ms = /^m/i.test(latency[2]!) ? value : value * 1000;
    rest = rest.replace(latency[0], ' ');
  }
  const statusMatch = /(?<![\d.])([1-5]\d\d)(?![\d.])/.exec(rest);
  const status = statusMatch ? Number(statusMatch[1]) : null;
  if (status === null) return { ok: false, error: `No HTTP status in "${input}": ${EXAMPLE}.` };
  if (p95Ms === null) return { ok: false, error: `No latency in "${input}": add one with its unit, ${EXAMPLE}.` };
  if (!(p95Ms > 0) || p95Ms > 10 * 60 * 1000)
    return { ok: false, error: `A latency of "${latency![0].trim()}" is not plausible: ${EXAMPLE}.` };
  return { ok: true, baseline: { status, p95Ms, errorRate, source: 'typed', text: input } };
}

/** A baseline from a probe taken when the service looked normal (or at detect). */
export function baselineFromProbe(result: ProbeResult): Baseline | null {
  if (result.status === null || result.p95Ms === null) return null;
  return { status: result.status, p95Ms: result.p95Ms, errorRate: result.errorRate, source: 'probe', text: describeProbe(result) };
}

/**
 * Verify's gate. A baseline whose own status was not 2xx/3xx (taken during the
 * outage) is no reference for latency or errors: then errors must be zero and
 * latency is not compared (said so in the detail).
 */
export function compareWithBaseline(
  result: ProbeResult,
  baseline: Baseline,
  options: { latencyFactor?: number; at?: Date } = {},
): BaselineComparison {
  const factor = options.latencyFactor ?? 1.5;
  const at = options.at ?? new Date(result.at);
  const baselineNormal = isGoodStatus(baseline.status);
  const checks: BaselineCheck[] = [];

  const shownStatus = result.status === null ? 'no answer' : `HTTP ${result.status}`;
  checks.push({
    name: 'status',
    pass: isGoodStatus(result.status),
    detail: `${shownStatus} (baseline ${baseline.status})`,
  });

  if (!baselineNormal) {
    checks.push({ name: 'latency', pass: true, detail: `not compared: the baseline was HTTP ${baseline.status}, not a normal answer` });
  } else if (result.p95Ms === null) {
    checks.push({ name: 'latency', pass: false, detail: `no latency measured (baseline p95 ${formatMs(baseline.p95Ms)})` });
  } else {
    const allowed = Math.max(baseline.p95Ms * factor, baseline.p95Ms + LATENCY_SLACK_MS);
    checks.push({
      name: 'latency',
      pass: result.p95Ms <= allowed,
      detail: `p95 ${formatMs(result.p95Ms)} (baseline ${formatMs(baseline.p95Ms)}, allowed ≤ ${formatMs(allowed)})`,
    });
  }

  const allowedErrors = baselineNormal ? baseline.errorRate : 0;
  checks.push({
    name: 'errors',
    pass: result.samples.length > 0 && result.errorRate <= allowedErrors + 1e-9,
    detail: `${pct(result.errorRate)} of ${result.samples.length} sample${result.samples.length === 1 ? '' : 's'} (allowed ≤ ${pct(allowedErrors)})`,
  });

  if (result.tls === null) {
    checks.push({ name: 'certificate', pass: true, detail: 'not https' });
  } else {
    const verdict = judgeCertificate(result.tls, at);
    const days = result.tls.daysLeft;
    const detail = verdict.valid
      ? `valid${days !== null ? `, ${days} day${days === 1 ? '' : 's'} left` : ''}${verdict.findings.length > 0 ? ` (${verdict.findings.join('; ')})` : ''}`
      : verdict.findings.join('; ') || 'not valid';
    checks.push({ name: 'certificate', pass: verdict.valid, detail });
  }
  return { pass: checks.every((c) => c.pass), checks };
}
