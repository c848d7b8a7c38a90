// What every part of the incident statechart shares: its types, the typed
// `setup`, and the small helpers its transitions are written with. Split out
// so each phase's actions can live in a file of their own.
import { fromPromise, setup } from 'xstate';
import type { IncidentFacts } from '../domain/incident.js';
import type { DecisionTree } from '../domain/decision-tree.js';
import type { EventPhase, Phase } from '../domain/types.js';
import type { ActionKind } from '../domain/action-items.js';
import type { IncidentEvent, RecordRequest } from './events.js';

export interface MachineInput {
  severityTree: DecisionTree;
}

/** The action item being written, field by field. */
export interface DraftItem {
  action: string;
  kind: ActionKind | null;
  owner: string;
  due: string;
}
export const EMPTY_DRAFT_ITEM: DraftItem = { action: '', kind: null, owner: '', due: '' };

export interface MachineContext {
  severityTree: DecisionTree;
  /** Null until the incident is declared. */
  facts: IncidentFacts | null;
  phase: EventPhase;
  /** Current node of the severity tree while it is being walked. */
  severityNode: string;
  draftItem: DraftItem;
  postmortemError: string | null;
}

export interface WritePostmortemInput {
  facts: IncidentFacts;
}
export interface WritePostmortemOutput {
  path: string;
}

export type AnswerEvent = Extract<IncidentEvent, { type: 'answer' }>;

export const isStep =
  (step: string) =>
  ({ event }: { event: IncidentEvent }): boolean =>
    event.type === 'answer' && event.step === step;

/** The answer to `step` with exactly this value (a choice). */
export const isChoice =
  (step: string, value: string) =>
  ({ event }: { event: IncidentEvent }): boolean =>
    event.type === 'answer' && event.step === step && event.value === value;

/** The answer to `step`, typed and not empty. */
export const isFilled =
  (step: string) =>
  ({ event }: { event: IncidentEvent }): boolean =>
    event.type === 'answer' && event.step === step && event.value.trim() !== '';

export const answerValue = (event: IncidentEvent): string => (event.type === 'answer' ? event.value : '');
/** Optional answers: an empty line means "not known", stored as null. */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value);

export function facts(context: MachineContext): IncidentFacts {
  if (!context.facts) throw new Error('incident facts used before the incident was declared');
  return context.facts;
}

export const machineSetup = setup({
  types: {
    context: {} as MachineContext,
    events: {} as IncidentEvent,
    input: {} as MachineInput,
    emitted: {} as RecordRequest,
  },
  actors: {
    // Replaced by the session with the real writer; this default fails loudly.
    writePostmortem: fromPromise<WritePostmortemOutput, WritePostmortemInput>(async () => {
      throw new Error('no post-mortem writer was provided');
    }),
  },
  guards: {
    hasUrl: ({ context }) => context.facts?.url != null,
    hasStart: ({ context }) => context.facts?.startedAt != null,
    hasSeverity: ({ context }) => context.facts?.severity != null,
  },
});

// Typed to this machine's context, events and emitted records, for actions defined outside the config.
export const { assign: assignTyped, emit: emitTyped } = machineSetup;

export const setFacts = (update: (f: IncidentFacts, event: AnswerEvent) => Partial<IncidentFacts>) =>
  assignTyped(({ context, event }) => {
    if (event.type !== 'answer') return {};
    const f = facts(context);
    return { facts: { ...f, ...update(f, event) } };
  });

export const record = (entry: RecordRequest['entry']): RecordRequest => ({ type: 'record', entry });

export const enterPhase = (phase: Phase | 'closed') => [
  emitTyped(({ context }) => record({ type: 'phase.changed', phase, data: { from: context.phase, to: phase } })),
  assignTyped({ phase: () => phase as EventPhase }),
];
