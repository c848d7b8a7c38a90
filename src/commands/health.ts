// `incident health URL [--samples N] [--timeout S] [--json]`: one probe, for a
// terminal or a script. Exit 0 healthy, 1 unhealthy, 2 usage (via UserError).
import { parseServiceUrl } from '../domain/url.js';
import { describeProbe, formatMs, type ProbeResult } from '../domain/probe.js';
import { stripControl } from '../domain/sanitize.js';
import type { Services } from '../services.js';
import { UserError, type Output } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface HealthOptions {
  /** Samples to take (commander hands over strings). */
  samples?: string | number;
  /** Deadline per sample, in seconds. */
  timeout?: string | number;
  json?: boolean;
}

export const MAX_SAMPLES = 100;
export const MAX_TIMEOUT_S = 300;

export function parseSamples(input: string | number): number {
  const text = String(input).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) {
    throw new UserError(`--samples "${text}" is not a whole number from 1 to ${MAX_SAMPLES}.`, EXIT.usage);
  }
  return n;
}

/** Seconds ("5", "0.5", "5s") → ms. */
export function parseTimeoutSeconds(input: string | number): number {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*s?$/i.exec(text);
  const seconds = m ? Number(m[1]) : NaN;
  if (!(seconds > 0) || seconds > MAX_TIMEOUT_S) {
    throw new UserError(`--timeout "${text}" is not a number of seconds above 0 and up to ${MAX_TIMEOUT_S} (e.g. 5 or 0.5).`, EXIT.usage);
  }
  return Math.round(seconds * 1000);
}

function certificateLine(result: ProbeResult): string | null {
  const tls = result.tls;
  if (tls === null) return null;
  if (tls.validTo === null) return `not read (${tls.error ?? 'unknown reason'})`;
  const days = tls.daysLeft;
  const until = tls.validTo.slice(0, 10);
  const when =
    days === null ? `until ${until}` : days < 0 ? `expired ${until}` : `${days} day${days === 1 ? '' : 's'} left (until ${until})`;
  const trust = tls.authorized ? 'trusted' : `NOT trusted: ${tls.error ?? 'unknown reason'}`;
  return `${when} · ${trust} · issuer ${tls.issuer ?? '?'}`;
}

/** The readable block printed for one probe. */
export function formatProbe(result: ProbeResult): string[] {
  const n = result.samples.length;
  const failed = result.samples.filter((s) => !s.ok).length;
  const rows: [string, string][] = [
    ['status', result.status === null ? 'no HTTP answer' : `HTTP ${result.status}`],
    ['latency', result.p50Ms === null ? '—' : `p50 ${formatMs(result.p50Ms)} · p95 ${formatMs(result.p95Ms)}`],
    ['errors', `${Math.round(result.errorRate * 100)}% (${failed} of ${n} sample${n === 1 ? '' : 's'})`],
  ];
  const cert = certificateLine(result);
  if (cert !== null) rows.push(['certificate', cert]);
  const redirects = result.samples.find((s) => s.redirects.length > 0)?.redirects;
  if (redirects) rows.push(['redirects', redirects.join(' → ')]);
  const lines = [`${result.healthy ? 'healthy' : 'UNHEALTHY'}  ${result.target}`];
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(12)} ${value}`);
  if (result.findings.length > 0) {
    lines.push('  findings');
    for (const f of result.findings) lines.push(`    - ${f}`);
  }
  return lines.map((l) => stripControl(l));
}

export async function health(services: Services, rawUrl: string, opts: HealthOptions, io: Output): Promise<number> {
  const parsed = parseServiceUrl(rawUrl ?? '');
  if (!parsed.ok) throw new UserError(parsed.error, EXIT.usage);
  const samples = opts.samples !== undefined ? parseSamples(opts.samples) : undefined;
  const timeoutMs = opts.timeout !== undefined ? parseTimeoutSeconds(opts.timeout) : undefined;
  // undici is loaded only when a probe runs (≈ 65 ms of import).
  const { probeHealth } = await import('../probes/health-probe.js');
  const result = await probeHealth(parsed.url, {
    ...(samples !== undefined ? { samples } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    now: services.now,
  });
  if (opts.json) io.out(JSON.stringify({ ...result, summary: describeProbe(result) }, null, 2));
  else for (const line of formatProbe(result)) io.out(line);
  return result.healthy ? EXIT.ok : EXIT.failure;
}
