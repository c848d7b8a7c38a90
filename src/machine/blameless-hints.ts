// The blameless check as you type: a sentence that reads as blaming a person,
// or that names an AI tool as a cause, gets a line under the field with a
// suggestion. It never blocks: the author decides, Enter saves as written.
import { checkBlameless, type Finding } from '../domain/blameless-check.js';
import type { ContextLine } from './prompt-kit.js';
import type { IncidentFacts } from '../domain/incident.js';

export function blamelessHints(text: string): ContextLine[] {
  const findings = checkBlameless(text);
  const first = findings[0];
  if (!first) return [];
  const lines: ContextLine[] = [{ text: `⚠ ${describe(first)} — ${first.suggestion}`, tone: 'warn' }];
  if (findings.length > 1) lines.push({ text: `  (${findings.length - 1} more like it in this answer)`, tone: 'dim' });
  return lines;
}

export function describe(f: Finding): string {
  return f.kind === 'blame' ? `"${f.match}" reads as blaming a person` : `"${f.match}" names an AI tool as a cause`;
}

/** Every finding in the answers that become the post-mortem's prose, for the review screen and `incident postmortem`. */
export function postmortemFindings(f: IncidentFacts): Finding[] {
  const pm = f.postmortem;
  const answers = [
    f.rootCause,
    f.fix,
    pm.impact,
    pm.trigger,
    ...pm.whys,
    pm.contributing,
    pm.wentWell,
    pm.wentWrong,
    pm.lucky,
    pm.lessons,
    ...pm.actionItems.map((i) => i.action),
  ];
  return answers.flatMap((a) => (typeof a === 'string' && a.trim() !== '' ? checkBlameless(a) : []));
}
