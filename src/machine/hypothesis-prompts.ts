// The resolve phase's questions: a hypothesis at a time, its evidence, how to
// test it and what the test showed; then the root cause, linked to the one confirmed.
import type { SnapshotFrom } from 'xstate';
import type { IncidentMachine } from './incident-machine.js';
import { choice, text, type ContextLine, type Prompt } from './prompt-kit.js';
import { STEP } from './steps.js';
import { confirmedHypothesis, HYPOTHESIS_RESULT_LABELS, suggestHypotheses, type Hypothesis } from '../domain/hypotheses.js';
import { formatLocal } from '../domain/format-time.js';

const SUGGESTIONS_SHOWN = 5;

export function hypothesisPrompt(snapshot: SnapshotFrom<IncidentMachine>, now: Date): Prompt | null {
  const f = snapshot.context.facts;
  if (!f) return null;
  const at = (s: string) => snapshot.matches(s as never);
  const current = f.hypotheses.at(-1) ?? null;
  const about: ContextLine[] = current ? [{ text: `Hypothesis: ${current.text}`, tone: 'info' }] : [];

  if (at('resolve.hypothesis')) {
    const suggestions = suggestHypotheses(f).slice(0, SUGGESTIONS_SHOWN);
    const context: ContextLine[] = f.mitigatedAt ? [{ text: `Mitigated ${formatLocal(f.mitigatedAt, now)}`, tone: 'good' }] : [];
    if (f.hypotheses.length > 0) context.push({ text: 'Tried so far:', tone: 'dim' }, ...f.hypotheses.map(triedLine));
    return choice(
      STEP.hypothesis,
      f.hypotheses.length === 0 ? 'What do you think is causing it?' : 'What is the next hypothesis?',
      [
        ...suggestions.map((h, i) => ({ value: `suggest:${h.id}`, label: h.text, hint: h.why, recommended: i === 0 })),
        { value: 'own', label: 'My own hypothesis — type it' },
        { value: 'known', label: 'I already know the root cause' },
      ],
      {
        help: 'One hypothesis at a time: the evidence for and against, how you test it, what it showed. All of it goes into the post-mortem.',
        context,
      },
    );
  }
  if (at('resolve.hypothesisText'))
    return text(STEP.hypothesisText, 'Your hypothesis', {
      help: 'Enter alone goes back to the suggestions.',
      placeholder: 'e.g. the new connection pool size exhausts the database',
    });
  if (at('resolve.evidenceFor'))
    return text(STEP.evidenceFor, 'Evidence for it?', {
      help: 'What you have seen that supports it. Enter alone skips.',
      placeholder: 'e.g. errors started 2 min after the deploy',
      context: about,
    });
  if (at('resolve.evidenceAgainst'))
    return text(STEP.evidenceAgainst, 'Evidence against it?', {
      help: 'What does not fit. Enter alone skips.',
      placeholder: 'e.g. the canary was fine for an hour',
      context: about,
    });
  if (at('resolve.test'))
    return text(STEP.hypothesisTest, 'How will you test it?', {
      help: 'The quickest check that could prove it wrong. Enter alone skips.',
      placeholder: 'e.g. compare the config keys of prod and staging',
      context: about,
    });
  if (at('resolve.result')) {
    return choice(
      STEP.hypothesisResult,
      'What did the test show?',
      (['confirmed', 'rejected', 'open'] as const).map((r) => ({ value: r, label: HYPOTHESIS_RESULT_LABELS[r] })),
      { context: [...about, ...evidenceLines(current)] },
    );
  }
  if (at('resolve.rootCause')) {
    const confirmed = confirmedHypothesis(f);
    return text(STEP.rootCause, 'Root cause, in one sentence', {
      placeholder: 'e.g. v2.3.1 read a config key that production does not set',
      fallback: f.rootCause ?? confirmed?.text ?? null,
      required: 'Write the root cause as best known now; "unknown — investigating X" is a fine answer.',
      context: [
        ...(f.mitigatedAt ? [{ text: `Mitigated ${formatLocal(f.mitigatedAt, now)}`, tone: 'good' as const }] : []),
        ...(confirmed ? [{ text: `Confirmed hypothesis: ${confirmed.text}`, tone: 'good' as const }] : []),
      ],
    });
  }
  return null;
}

function triedLine(h: Hypothesis): ContextLine {
  const mark = h.result === 'confirmed' ? '✓' : h.result === 'rejected' ? '✗' : '?';
  return { text: `  ${mark} ${h.text}`, tone: h.result === 'confirmed' ? 'good' : 'dim' };
}

function evidenceLines(h: Hypothesis | null): ContextLine[] {
  if (!h) return [];
  const lines: ContextLine[] = [];
  if (h.evidenceFor) lines.push({ text: `  for: ${h.evidenceFor}`, tone: 'dim' });
  if (h.evidenceAgainst) lines.push({ text: `  against: ${h.evidenceAgainst}`, tone: 'dim' });
  if (h.test) lines.push({ text: `  test: ${h.test}`, tone: 'dim' });
  return lines;
}
