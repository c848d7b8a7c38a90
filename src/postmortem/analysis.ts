// The sections of the post-mortem that explain rather than narrate: what set
// it off, how it was noticed, the root cause with the hypotheses that led
// there, and the five whys.
import type { IncidentFacts } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import { confirmedHypothesis, type Hypothesis } from '../domain/hypotheses.js';
import { describeProbe } from '../domain/probe.js';
import { blockOr, bullets, inline, NOT_RECORDED, span, splitItems, table, ymdhm } from './markdown.js';

export function trigger(facts: IncidentFacts): string {
  const text = facts.postmortem.trigger ?? facts.changes;
  return blockOr(text);
}

export function detection(facts: IncidentFacts, detectedBy: string | null): string {
  const lines: string[] = [];
  lines.push(detectedBy ? `Detected by: ${inline(detectedBy)}.` : NOT_RECORDED);
  if (facts.startedAt) lines.push(`Declared ${span(facts.startedAt, facts.declaredAt)} after the problem started.`);
  const first = facts.probes.find((p) => p.purpose === 'detect');
  if (first) lines.push(`First probe at ${ymdhm(first.at)} UTC: ${inline(describeProbe(first))}.`.replace(/\.\.$/, '.'));
  return lines.join('\n\n');
}

export function rootCause(facts: IncidentFacts): string {
  const parts = [blockOr(facts.rootCause)];
  const confirmed = confirmedHypothesis(facts);
  if (confirmed && facts.rootCause) parts.push(`Confirmed by testing the hypothesis "${inline(confirmed.text)}"${testedBy(confirmed)}.`);
  const factors = splitItems(facts.postmortem.contributing);
  parts.push(`**Contributing factors**\n\n${factors.length ? bullets(facts.postmortem.contributing) : NOT_RECORDED}`);
  if (facts.hypotheses.length > 0) parts.push(`**Hypotheses tested**\n\n${hypotheses(facts.hypotheses)}`);
  return parts.join('\n\n');
}

function testedBy(h: Hypothesis): string {
  return h.test ? ` (${inline(h.test)})` : '';
}

const RESULT: Record<string, string> = { confirmed: 'Confirmed', rejected: 'Rejected', open: 'Not settled' };

function hypotheses(list: readonly Hypothesis[]): string {
  return table(
    ['Proposed (UTC)', 'Hypothesis', 'Evidence for', 'Evidence against', 'Test', 'Result'],
    list.map((h) => [
      ymdhm(h.proposedAt),
      h.text,
      h.evidenceFor,
      h.evidenceAgainst,
      h.test,
      h.result ? `${RESULT[h.result] ?? h.result}${h.decidedAt ? ` (${ymdhm(h.decidedAt).slice(11)})` : ''}` : 'Untested',
    ]),
  );
}

export function fiveWhys(facts: IncidentFacts): string {
  const whys = facts.postmortem.whys;
  if (whys.length === 0) return NOT_RECORDED;
  const problem = inline(facts.postmortem.impact ?? facts.title);
  const chain = whys.map((w, i) => `${i + 1}. **Why?** ${inline(w)}`);
  return [`Problem: ${problem}`, chain.join('\n')].join('\n\n');
}

/** The answers to the severity tree, first probe, etc. are in entries; "lucky" is a plain list. */
export function lucky(facts: IncidentFacts): string {
  return bullets(facts.postmortem.lucky);
}

export type { TimelineEntry };
