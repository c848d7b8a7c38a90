// How diagnostics read on screen: one status line for the site, a few lines
// for the likely culprits. Pure: facts in, lines out.
import type { CulpritSummary, IncidentFacts, ProbeSummary } from '../domain/incident.js';
import { formatMs } from '../domain/probe.js';
import type { ContextLine } from './prompts.js';

const SPARKS = '▁▂▃▄▅▆▇█';

function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Compact, for the one status line: the timeline keeps the full describeProbe text. */
export function describeProbeSummary(p: ProbeSummary): string {
  const status = p.status === null ? 'no answer' : `HTTP ${p.status}`;
  const days = p.tls?.daysLeft ?? null;
  const tls = days === null ? '' : ` · TLS ${days < 0 ? 'expired' : `${days} d`}`;
  const errors = p.errorRate > 0 ? ` · ${Math.round(p.errorRate * 100)}% errors` : '';
  return `${p.healthy ? '✓' : '✗'} ${status} · p95 ${formatMs(p.p95Ms)}${errors}${tls}`;
}

/** The site's state at a glance, with a sparkline of recent p95 latencies while watching. */
export function siteStatusLine(facts: IncidentFacts | null, probing: boolean, watchingUntil: number | null = null): ContextLine | null {
  if (!facts?.url) return null;
  const last = facts.probes.at(-1);
  if (!last) return { text: `Site: probing ${facts.url} …`, tone: 'dim' };
  const recent = facts.probes.slice(-12).map((p) => p.p95Ms ?? 0);
  const max = Math.max(...recent, 1);
  const spark =
    recent.length > 2
      ? ` ${recent.map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.floor((v / max) * (SPARKS.length - 1)))]).join('')}`
      : '';
  const finding = last.findings[0] ? ` — ${last.findings[0]}` : '';
  return {
    text: `Site ${hhmm(last.at)}: ${describeProbeSummary(last)}${finding}${spark}${probing ? ' · probing…' : ''}${watchingUntil ? ` · watching until ${hhmm(new Date(watchingUntil).toISOString())}` : ''}`,
    tone: last.healthy ? 'good' : 'error',
  };
}

export function culpritLines(facts: IncidentFacts, max = 3): ContextLine[] {
  if (facts.culprits === null) return [];
  if (facts.culprits.length === 0) {
    return [{ text: `Recent commits: ${facts.culpritsNote ?? 'none in the window before the start'}`, tone: 'dim' }];
  }
  return [
    { text: 'Likely culprits (recent commits, most suspicious first):', tone: 'info' },
    ...facts.culprits.slice(0, max).map((c: CulpritSummary) => ({
      text: `  ${c.shortSha} ${c.subject} — ${c.reasons.slice(0, 2).join('; ')}${c.signals[0] ? `; ${c.signals[0]}` : ''}`,
      tone: 'dim' as const,
    })),
  ];
}
