import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { incidentMachine } from '../../src/machine/incident-machine.js';
import { promptFor, runbookContainment } from '../../src/machine/prompts.js';
import type { IncidentEvent } from '../../src/machine/events.js';
import type { TimelineEntry } from '../../src/domain/types.js';
import { STEP } from '../../src/machine/steps.js';
import { severityTree } from '../helpers/severity-tree.js';

const entry = (type: string, data: Record<string, unknown>): TimelineEntry => ({
  id: type,
  seq: 1,
  at: '2026-11-25T02:10:00.000Z',
  phase: 'contain',
  type,
  actor: 'a@b',
  data,
});
const walked = [
  entry('runbook.started', { runbook: 'containment', title: 'Containment decision' }),
  entry('runbook.finished', { runbook: 'containment', outcome: { containment: 'feature-flag', text: 'Turn the flag off' } }),
];

describe("a walked runbook's containment", () => {
  it('is found in the timeline, latest first', () => {
    expect(runbookContainment(walked)).toEqual({ option: 'feature-flag', title: 'Containment decision' });
    expect(runbookContainment([])).toBeNull();
  });

  it('is named on the contain screen, beside its option', () => {
    let [snap] = initialTransition(incidentMachine, { severityTree });
    const at = '2026-11-25T02:10:00.000Z';
    const events: IncidentEvent[] = [
      {
        type: 'incident.declared',
        at,
        id: 'i',
        title: 'Checkout down',
        actor: 'a@b',
        repo: null,
        source: 'tui',
        severity: 'SEV-2',
        startedAt: at,
      },
      { type: 'answer', at, step: STEP.url, question: 'q', value: '' },
      { type: 'answer', at, step: STEP.detection, question: 'q', value: 'monitoring' },
      { type: 'answer', at, step: STEP.changes, question: 'q', value: '' },
      { type: 'answer', at, step: STEP.affected, question: 'q', value: 'everyone' },
      { type: 'answer', at, step: STEP.canMitigate, question: 'q', value: 'yes' },
      { type: 'answer', at, step: STEP.blastRadius, question: 'q', value: 'one-feature' },
    ];
    for (const e of events) [snap] = transition(incidentMachine, snap, e);
    expect(snap.value).toEqual({ contain: 'option' });
    const prompt = promptFor(snap, new Date(at), { entries: walked });
    expect(prompt.context.map((l) => l.text)).toContain('Runbook "Containment decision" concluded: Turn the feature flag off');
    if (prompt.kind !== 'choice') throw new Error('expected choices');
    expect(prompt.choices.find((c) => c.value === 'feature-flag')?.hint).toMatch(/The runbook "Containment decision" ended here\./);
  });
});
