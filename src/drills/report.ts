// The drill report: the score as Markdown (to keep beside the drill's
// timeline, or paste into a training channel) and as coloured lines for the
// screen at the end of a drill. Both say the same, in the same order. Pure.
import type { ContextLine } from '../machine/prompt-kit.js';
import { formatDuration, formatUtc } from '../domain/format-time.js';
import { block, cell, inline, table } from '../postmortem/markdown.js';
import type { DrillScore, DrillTiming, ScoreLine, ScoredAttempt } from './score.js';

export interface DrillReportInput {
  score: DrillScore;
  /** The scenario drilled (its id and title from runbooks/drills/). */
  scenario: { id: string; title: string };
  /** The drill's incident. */
  incident: { id: string; title: string };
  /** What happened and why the right moves were right (the scenario's debrief), shown last. */
  debrief?: string;
}

/** A screen line: good for full marks, warn for something to practise, info and dim around them. */
export type ReportLine = ContextLine & { tone: 'good' | 'warn' | 'info' | 'dim' };

export function drillReportMarkdown({ score, scenario, incident, debrief }: DrillReportInput): string {
  const line = (key: ScoreLine['key']) => score.lines.find((l) => l.key === key)!;
  const out: string[] = [
    `# Drill report: ${inline(scenario.title)}`,
    '',
    `- **Scenario:** \`${inline(scenario.id)}\` — ${inline(scenario.title)}`,
    `- **Drill incident:** \`${inline(incident.id)}\` — ${inline(incident.title)}`,
    `- **Date:** ${formatUtc(score.faultAt)} (${score.measuredFrom === 'page' ? 'the page; the fault was there before it' : 'when the fault began'})`,
    `- **Score:** ${score.points} / ${score.max} — ${score.grade}`,
    '',
    '## Timings',
    '',
    score.measuredFrom === 'page' ? 'Measured from the page: the fault was already there when it came.' : 'Measured from when the fault began.',
    '',
    table(
      ['Milestone', score.measuredFrom === 'page' ? 'After the page' : 'After the fault', 'Target', 'Points'],
      score.timings.map((t) => {
        const l = line(t.key);
        return [t.label, timingCell(t), formatDuration(t.targetMs), `${l.points} / ${l.max}`];
      }),
    ),
    '',
    ...section('Severity', line('severity-choice')),
    ...section('Mitigation', line('mitigation'), score.mitigation.attempts.map(attemptText)),
    ...section('Status updates', line('updates')),
    ...section('Post-mortem', line('postmortem')),
    '## What went well',
    '',
    ...bullets(score.wentWell, 'Nothing scored full marks this time — every drill is practice for the next one.'),
    '',
    '## To practise next',
    '',
    ...bullets(score.practiseNext, 'Nothing: every line scored full marks. Try a harder scenario.'),
    '',
    ...(debrief?.trim() ? ['## Debrief', '', block(debrief), ''] : []),
  ];
  return out.join('\n');
}

/** The report for the screen: the headline, one line per score line, then what to practise next. */
export function drillReportLines({ score, scenario, debrief }: DrillReportInput): ReportLine[] {
  const lines: ReportLine[] = [
    { text: `Drill: ${inline(scenario.title)} — ${score.points} / ${score.max} (${score.grade})`, tone: 'info' },
  ];
  for (const l of score.lines)
    lines.push({ text: `${l.good ? '✓' : '•'} ${l.label}: ${inline(l.text)} (${l.points}/${l.max})`, tone: l.good ? 'good' : 'warn' });
  if (score.practiseNext.length > 0) {
    lines.push({ text: 'To practise next:', tone: 'dim' });
    for (const a of score.practiseNext) lines.push({ text: `  ${inline(a)}`, tone: 'warn' });
  }
  if (debrief?.trim()) {
    lines.push({ text: 'Debrief:', tone: 'dim' });
    // Paragraphs, not the file's line breaks: the terminal wraps them to its width.
    for (const p of debrief.trim().split(/\n\s*\n/)) lines.push({ text: `  ${inline(p)}`, tone: 'info' });
  }
  return lines;
}

function timingCell(t: DrillTiming): string {
  if (t.ms === null || t.at === null) return 'not during the drill';
  return `${formatDuration(t.ms)} (${formatUtc(t.at).slice(11)})`;
}

function section(title: string, l: ScoreLine, details: string[] = []): string[] {
  const mark = l.good ? '✓' : '△';
  return [
    `## ${title}`,
    '',
    `${mark} ${cell(capitalise(l.text))} — ${l.points} / ${l.max}`,
    '',
    ...(details.length ? [...bullets(details, ''), ''] : []),
  ];
}

function attemptText(a: ScoredAttempt): string {
  const at = formatUtc(a.chosenAt).slice(11);
  const result = a.mitigated
    ? 'stopped the impact'
    : a.done
      ? 'did not stop the impact'
      : a.caution
        ? `not done (${a.caution.replace(/-/g, ' ')})`
        : 'not done';
  return `${at}: ${a.describe} — ${a.verdict}, ${result}`;
}

function bullets(items: readonly string[], empty: string): string[] {
  return items.length > 0 ? items.map((i) => `- ${inline(i)}`) : [`_${empty}_`];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
