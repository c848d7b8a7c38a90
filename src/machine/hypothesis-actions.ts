// The resolve phase's hypothesis log as machine actions: each answer fills in
// the hypothesis under test (the last one, while it has no result).
import type { Hypothesis, HypothesisResult } from '../domain/hypotheses.js';
import type { IncidentFacts } from '../domain/incident.js';
import { STEP } from './steps.js';
import { orNull, setFacts } from './machine-kit.js';

function updateCurrent(f: IncidentFacts, update: Partial<Hypothesis>): Partial<IncidentFacts> {
  const last = f.hypotheses.at(-1);
  if (!last || last.result !== null) return {};
  return { hypotheses: [...f.hypotheses.slice(0, -1), { ...last, ...update }] };
}

/** A suggested hypothesis was chosen (its text is the label) or one was typed. */
export const proposeHypothesis = setFacts((f, e) => {
  const typed = e.step === STEP.hypothesisText;
  const text = typed ? e.value.trim() : (e.label ?? e.value);
  const source = typed ? 'typed' : e.value.replace(/^suggest:/, '');
  const h: Hypothesis = {
    text,
    source,
    proposedAt: e.at,
    evidenceFor: null,
    evidenceAgainst: null,
    test: null,
    result: null,
    decidedAt: null,
  };
  return { hypotheses: [...f.hypotheses, h] };
});

const FIELDS: Record<string, 'evidenceFor' | 'evidenceAgainst' | 'test'> = {
  [STEP.evidenceFor]: 'evidenceFor',
  [STEP.evidenceAgainst]: 'evidenceAgainst',
  [STEP.hypothesisTest]: 'test',
};

export const noteHypothesisField = setFacts((f, e) => {
  const field = FIELDS[e.step];
  return field ? updateCurrent(f, { [field]: orNull(e.value) }) : {};
});

export const decideHypothesis = setFacts((f, e) => updateCurrent(f, { result: e.value as HypothesisResult, decidedAt: e.at }));
