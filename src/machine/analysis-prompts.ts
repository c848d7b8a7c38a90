// Post-mortem questions that analyse rather than record: the five whys, asked
// one at a time about the answer before, and what most likely set it off.
import type { IncidentFacts } from '../domain/incident.js';
import { answer, text, type ContextLine, type Prompt } from './prompt-kit.js';
import type { TimelineEntry } from '../domain/types.js';
import { METRICS, MILESTONE_LABELS, MILESTONES, metrics, milestones, parseMilestoneEdit } from '../domain/milestones.js';
import { formatDuration, formatUtc } from '../domain/format-time.js';
import { STEP } from './steps.js';
import { MAX_WHYS } from './postmortem-actions.js';

/** What was named as changed at detect, else the commit ranked most likely (a mitigation's action is not a trigger). */
export function likelyTrigger(f: IncidentFacts): string | null {
  if (f.changes) return f.changes;
  const top = f.culprits?.[0];
  return top ? `commit ${top.shortSha} "${top.subject}"` : null;
}

export function whyPrompt(f: IncidentFacts): Prompt {
  const whys = f.postmortem.whys;
  const n = whys.length + 1;
  const about = whys.at(-1) ?? f.postmortem.impact ?? f.title;
  const chain: ContextLine[] = [
    { text: `Problem: ${f.postmortem.impact ?? f.title}`, tone: 'dim' },
    ...whys.map((w, i) => ({ text: `${i + 1}. Why? ${w}`, tone: 'dim' as const })),
  ];
  if (f.rootCause) chain.push({ text: `Root cause recorded in resolve: ${f.rootCause}`, tone: 'info' });
  return text(STEP.why, `Why ${n} of ${MAX_WHYS}: why did "${clip(about)}" happen?`, {
    help:
      n === 1
        ? 'Five whys: each answer is asked "why?" again, down to a cause we can fix. Systems and decisions, not people.'
        : 'Enter alone ends the chain here.',
    context: chain,
    required: n === 1 ? 'At least one why: why did it happen?' : undefined,
    placeholder: n === 1 ? 'e.g. the checkout service could not read its payment key' : '',
  });
}

function clip(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The milestones the metrics come from, each correctable with a line like "detected 01:50". */
export function milestonesPrompt(f: IncidentFacts, entries: readonly TimelineEntry[]): Prompt {
  const current = milestones(f, entries);
  const values = metrics(current);
  const question = 'Milestones: is each time right?';
  const context: ContextLine[] = [
    ...MILESTONES.map((name) => {
      const m = current[name];
      const when = m.at ? formatUtc(m.at).slice(0, 16) : '—';
      return {
        text: `${MILESTONE_LABELS[name].padEnd(13)} ${when}  · ${m.source === 'set' ? 'corrected' : m.basis}`,
        tone: 'dim' as const,
      };
    }),
    {
      text: METRICS.map((metric) => `${metric.abbr} ${values[metric.key] === null ? '—' : formatDuration(values[metric.key]!)}`).join(
        ' · ',
      ),
      tone: 'info',
    },
    ...values.problems.map((p) => ({ text: p, tone: 'warn' as const })),
  ];
  return text(STEP.milestones, question, {
    help: 'Correct one with its name and a time, e.g. "detected 01:50" or "started yesterday 23:40". Enter alone goes on.',
    placeholder: 'Enter: they are right',
    context,
    oneLine: true,
    read: (value, at) => {
      if (value.trim() === '') return answer(STEP.milestones, question, '', 'the milestones are right');
      const edit = parseMilestoneEdit(value, at, current);
      if ('error' in edit) return { ok: false, error: edit.error };
      return {
        ok: true,
        action: {
          type: 'answer',
          step: STEP.milestones,
          question,
          value: value.trim(),
          label: `${MILESTONE_LABELS[edit.milestone]} set to ${formatUtc(edit.at)}${edit.note ? ` (${edit.note})` : ''}`,
          milestone: edit.milestone,
          milestoneAt: edit.at,
        },
      };
    },
  });
}
