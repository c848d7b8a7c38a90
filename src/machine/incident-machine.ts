// The incident as a statechart: phases in order, one question at a time.
// Pure: it only assigns facts and emits `record` requests for what it derived;
// the session writes them down. The single effect (writing the post-mortem)
// is the named actor `writePostmortem`, provided by the caller.
import { assign, emit } from 'xstate';
import type { BlastRadius, CanMitigate, ContainAttempt, ContainOption, Detection } from '../domain/incident.js';
import { emptyFacts } from '../domain/incident.js';
import type { IncidentEvent } from './events.js';
import { nodeOf } from '../domain/decision-tree.js';
import { recommend, recommendationText } from '../domain/blast-radius.js';
import { VERIFY_ITEMS } from '../domain/verify-checklist.js';
import { baselineFromProbe } from '../domain/probe.js';
import { verifyGate } from '../domain/verify-gate.js';
import { STEP } from './steps.js';
import { proposeHypothesis, noteHypothesisField, decideHypothesis } from './hypothesis-actions.js';
import { addActionItem, addWhy, draftAction, draftDue, draftKind, draftOwner, MAX_WHYS, notePostmortem } from './postmortem-actions.js';
import {
  answerValue,
  assignTyped,
  isChoice,
  isFilled,
  EMPTY_DRAFT_ITEM,
  emitTyped,
  enterPhase,
  facts,
  isStep,
  machineSetup,
  orNull,
  record,
  setFacts,
  type AnswerEvent,
  type MachineContext,
} from './machine-kit.js';

export type { MachineContext, MachineInput, WritePostmortemInput, WritePostmortemOutput } from './machine-kit.js';

function updateLastAttempt(update: (event: AnswerEvent) => Partial<ContainAttempt>) {
  return setFacts((f, e) => {
    const last = f.contain.at(-1);
    if (!last) return {};
    return { contain: [...f.contain.slice(0, -1), { ...last, ...update(e) }] };
  });
}

const startAttempt = assignTyped(({ context, event }) => {
  if (event.type !== 'answer') return {};
  const f = facts(context);
  const attempt = { option: event.value as ContainOption, chosenAt: event.at, caution: null, action: null, outcome: null, decidedAt: null };
  return { facts: { ...f, contain: [...f.contain, attempt] } };
});
const noteCaution = updateLastAttempt((e) => ({ caution: e.value }));
// A revert hands on its description (label); a typed action is its value.
const noteAction = updateLastAttempt((e) => ({ action: orNull(e.label ?? e.value) }));
const noteOutcome = updateLastAttempt((e) => ({ outcome: e.value === 'mitigated' ? 'mitigated' : 'not-yet', decidedAt: e.at }));
const markResolved = [
  assignTyped(({ context, event }) => {
    const f = facts(context);
    return { facts: { ...f, resolvedAt: event.at, verify: { ...f.verify, passedAt: event.at } } };
  }),
  emitTyped(({ context }) => {
    const f = facts(context);
    const unticked = VERIFY_ITEMS.filter((i) => !f.verify.ticked.includes(i.id)).map((i) => i.id);
    const gate = verifyGate(f);
    return record({
      type: 'resolved',
      phase: 'verify',
      data: { skipReason: f.verify.skipReason, unticked, probeGate: gate ? gate.pass : null },
    });
  }),
];
export const incidentMachine = machineSetup.createMachine({
  id: 'incident',
  context: ({ input }) => ({
    severityTree: input.severityTree,
    facts: null,
    phase: 'declare',
    severityNode: input.severityTree.start,
    draftItem: EMPTY_DRAFT_ITEM,
    postmortemError: null,
  }),
  initial: 'declaring',
  // Diagnostics arrive whenever they finish, in any phase after declaring.
  on: {
    'probe.result': {
      guard: ({ context }) => context.facts !== null,
      actions: assign(({ context, event }) => {
        const f = facts(context);
        // The first probe at detect is the baseline unless a normal was typed.
        const baseline = f.baseline ?? (event.probe.purpose === 'detect' ? baselineFromProbe(event.probe) : null);
        return { facts: { ...f, probes: [...f.probes, event.probe], baseline } };
      }),
    },
    'update.posted': {
      guard: ({ context }) => context.facts !== null,
      actions: assign(({ context, event }) => {
        const f = facts(context);
        return { facts: { ...f, updates: [...f.updates, { at: event.at, kind: event.kind, text: event.text }] } };
      }),
    },
    'role.assigned': {
      guard: ({ context, event }) => context.facts !== null && event.who.trim() !== '',
      actions: assign(({ context, event }) => {
        const f = facts(context);
        const change = { at: event.at, role: event.role, who: event.who.trim(), from: f.roles[event.role], summary: event.summary ?? null };
        return { facts: { ...f, roles: { ...f.roles, [event.role]: change.who }, roleChanges: [...f.roleChanges, change] } };
      }),
    },
    'culprits.found': {
      guard: ({ context }) => context.facts !== null,
      actions: assign(({ context, event }) => ({ facts: { ...facts(context), culprits: event.commits, culpritsNote: event.note } })),
    },
  },
  states: {
    declaring: {
      on: {
        'incident.declared': {
          target: 'detect',
          actions: assign(({ event }) => ({
            facts: {
              ...emptyFacts({ id: event.id, title: event.title, declaredAt: event.at, actor: event.actor, repo: event.repo }),
              url: event.url ?? null,
              startedAt: event.startedAt ?? null,
              startedInput: event.startedInput ?? null,
              startedNote: event.startedNote ?? null,
              severity: event.severity ?? null,
              severitySource: event.severity ? ('declared' as const) : null,
            },
          })),
        },
      },
    },

    detect: {
      entry: enterPhase('detect'),
      initial: 'url',
      states: {
        url: {
          always: { guard: 'hasUrl', target: 'baseline' },
          on: {
            answer: [
              // With a URL: what normal looks like, so verify can compare.
              {
                guard: ({ event }) => isStep(STEP.url)({ event }) && answerValue(event).trim() !== '',
                target: 'baseline',
                actions: setFacts((_, e) => ({ url: e.value })),
              },
              { guard: isStep(STEP.url), target: 'started', actions: setFacts(() => ({ url: null })) },
            ],
          },
        },
        baseline: {
          on: {
            answer: {
              guard: isStep(STEP.baseline),
              target: 'started',
              actions: setFacts((f, e) => ({ baseline: e.baseline ?? f.baseline })),
            },
          },
        },
        started: {
          always: { guard: 'hasStart', target: 'detection' },
          on: {
            answer: {
              guard: isStep(STEP.started),
              target: 'detection',
              actions: setFacts((_, e) => ({ startedAt: e.startedAt ?? e.at, startedInput: e.value, startedNote: e.note ?? null })),
            },
          },
        },
        detection: {
          on: {
            answer: {
              guard: isStep(STEP.detection),
              target: 'changes',
              actions: setFacts((_, e) => ({ detection: e.value as Detection })),
            },
          },
        },
        changes: {
          on: {
            answer: {
              guard: isStep(STEP.changes),
              target: '#incident.triage',
              actions: setFacts((_, e) => ({ changes: orNull(e.value) })),
            },
          },
        },
      },
    },

    triage: {
      entry: enterPhase('triage'),
      initial: 'severity',
      states: {
        severity: {
          always: { guard: 'hasSeverity', target: 'affected' },
          on: {
            answer: [
              {
                // The answer leads to an end of the tree: the severity is decided.
                guard: ({ context, event }) => {
                  const next = nextSeverityNode(context, event);
                  return next !== null && nodeOf(context.severityTree, next).kind === 'end';
                },
                target: 'affected',
                actions: [
                  assign(({ context, event }) => {
                    const f = facts(context);
                    const end = nodeOf(context.severityTree, nextSeverityNode(context, event) ?? '');
                    if (end.kind !== 'end') return {};
                    return {
                      facts: {
                        ...f,
                        severity: end.severity,
                        severitySource: 'tree' as const,
                        severityPath: [...f.severityPath, pathStep(context, event)],
                      },
                    };
                  }),
                  emit(({ context, event }) => {
                    const end = nodeOf(context.severityTree, nextSeverityNode(context, event) ?? '');
                    const f = facts(context);
                    return record({
                      type: 'severity.set',
                      phase: 'triage',
                      data: {
                        severity: f.severity,
                        source: 'tree',
                        because: end.kind === 'end' ? end.because : null,
                        path: f.severityPath,
                      },
                    });
                  }),
                ],
              },
              {
                guard: ({ context, event }) => nextSeverityNode(context, event) !== null,
                actions: assign(({ context, event }) => {
                  const f = facts(context);
                  return {
                    facts: { ...f, severityPath: [...f.severityPath, pathStep(context, event)] },
                    severityNode: nextSeverityNode(context, event) ?? context.severityNode,
                  };
                }),
              },
            ],
          },
        },
        affected: {
          on: {
            answer: { guard: isStep(STEP.affected), target: 'canMitigate', actions: setFacts((_, e) => ({ affected: orNull(e.value) })) },
          },
        },
        canMitigate: {
          on: {
            answer: {
              guard: isStep(STEP.canMitigate),
              target: 'blastRadius',
              actions: setFacts((_, e) => ({ canMitigate: e.value as CanMitigate })),
            },
          },
        },
        blastRadius: {
          on: {
            answer: {
              guard: isStep(STEP.blastRadius),
              target: '#incident.contain',
              actions: [
                setFacts((f, e) => {
                  const blastRadius = e.value as BlastRadius;
                  return { blastRadius, recommendation: recommend(blastRadius, f.severity) };
                }),
                emit(({ context }) => {
                  const f = facts(context);
                  return record({
                    type: 'recommendation.made',
                    phase: 'triage',
                    data: {
                      blastRadius: f.blastRadius,
                      recommendation: f.recommendation,
                      text: f.recommendation ? recommendationText(f.recommendation) : null,
                    },
                  });
                }),
              ],
            },
          },
        },
      },
    },

    contain: {
      entry: enterPhase('contain'),
      initial: 'option',
      states: {
        option: {
          on: {
            answer: [
              {
                guard: ({ event }) => isStep(STEP.containOption)({ event }) && answerValue(event) === 'rollback',
                target: 'rollbackCaution',
                actions: startAttempt,
              },
              { guard: isStep(STEP.containOption), target: 'action', actions: startAttempt },
            ],
          },
        },
        rollbackCaution: {
          on: {
            answer: [
              {
                // Commits were ranked in this repository: offer to revert one here, safely.
                guard: ({ context, event }) =>
                  isStep(STEP.rollbackCaution)({ event }) &&
                  answerValue(event) === 'none' &&
                  (facts(context).culprits?.length ?? 0) > 0 &&
                  facts(context).repo !== null,
                target: 'rollbackTarget',
                actions: noteCaution,
              },
              {
                guard: ({ event }) => isStep(STEP.rollbackCaution)({ event }) && answerValue(event) === 'none',
                target: 'action',
                actions: noteCaution,
              },
              // A caution applies: roll back is the wrong move, pick another option.
              { guard: isStep(STEP.rollbackCaution), target: 'option', actions: noteCaution },
            ],
          },
        },
        rollbackTarget: {
          on: {
            answer: [
              { guard: ({ event }) => isStep(STEP.rollbackTarget)({ event }) && answerValue(event) === 'deploy-tool', target: 'action' },
              { guard: isStep(STEP.rollbackTarget), target: 'reverting' },
            ],
          },
        },
        // The session runs the git revert (preflight, --no-commit, diffstat, typed confirmation, commit, push offer).
        reverting: {
          on: {
            answer: [
              { guard: ({ event }) => isStep(STEP.revert)({ event }) && answerValue(event) === 'aborted', target: 'option' },
              { guard: isStep(STEP.revert), target: 'outcome', actions: noteAction },
            ],
          },
        },
        action: {
          on: { answer: { guard: isStep(STEP.containAction), target: 'outcome', actions: noteAction } },
        },
        outcome: {
          on: {
            answer: [
              {
                guard: ({ event }) => isStep(STEP.containOutcome)({ event }) && answerValue(event) === 'mitigated',
                target: '#incident.resolve',
                actions: [
                  noteOutcome,
                  setFacts((f, e) => ({ mitigatedAt: f.mitigatedAt ?? e.at })),
                  emit(({ context }) => {
                    const last = facts(context).contain.at(-1);
                    return record({
                      type: 'mitigated',
                      phase: 'contain',
                      data: { option: last?.option ?? null, action: last?.action ?? null },
                    });
                  }),
                ],
              },
              { guard: isStep(STEP.containOutcome), target: 'option', actions: noteOutcome },
            ],
          },
        },
      },
    },

    resolve: {
      entry: enterPhase('resolve'),
      initial: 'hypothesis',
      states: {
        // The hypothesis log: propose, weigh the evidence, test, decide.
        hypothesis: {
          on: {
            answer: [
              { guard: isChoice(STEP.hypothesis, 'own'), target: 'hypothesisText' },
              { guard: isChoice(STEP.hypothesis, 'known'), target: 'rootCause' },
              { guard: isStep(STEP.hypothesis), target: 'evidenceFor', actions: proposeHypothesis },
              // Incidents recorded before the hypothesis log went straight to the root cause.
              { guard: isStep(STEP.rootCause), target: 'fix', actions: setFacts((_, e) => ({ rootCause: e.value })) },
            ],
          },
        },
        hypothesisText: {
          on: {
            answer: [
              { guard: isFilled(STEP.hypothesisText), target: 'evidenceFor', actions: proposeHypothesis },
              { guard: isStep(STEP.hypothesisText), target: 'hypothesis' },
            ],
          },
        },
        evidenceFor: { on: { answer: { guard: isStep(STEP.evidenceFor), target: 'evidenceAgainst', actions: noteHypothesisField } } },
        evidenceAgainst: { on: { answer: { guard: isStep(STEP.evidenceAgainst), target: 'test', actions: noteHypothesisField } } },
        test: { on: { answer: { guard: isStep(STEP.hypothesisTest), target: 'result', actions: noteHypothesisField } } },
        result: {
          on: {
            answer: [
              { guard: isChoice(STEP.hypothesisResult, 'confirmed'), target: 'rootCause', actions: decideHypothesis },
              { guard: isStep(STEP.hypothesisResult), target: 'hypothesis', actions: decideHypothesis },
            ],
          },
        },
        rootCause: {
          on: { answer: { guard: isStep(STEP.rootCause), target: 'fix', actions: setFacts((_, e) => ({ rootCause: e.value })) } },
        },
        fix: {
          on: { answer: { guard: isStep(STEP.fix), target: '#incident.verify', actions: setFacts((_, e) => ({ fix: orNull(e.value) })) } },
        },
      },
    },

    verify: {
      entry: enterPhase('verify'),
      initial: 'checklist',
      states: {
        checklist: {
          on: {
            'verify.toggle': {
              actions: assign(({ context, event }) => {
                const f = facts(context);
                const ticked = new Set(f.verify.ticked);
                if (event.ticked) ticked.add(event.item);
                else ticked.delete(event.item);
                return { facts: { ...f, verify: { ...f.verify, ticked: VERIFY_ITEMS.map((i) => i.id).filter((id) => ticked.has(id)) } } };
              }),
            },
            answer: [
              {
                guard: ({ event }) => isStep(STEP.verifyNext)({ event }) && answerValue(event) === 'back-contain',
                target: '#incident.contain',
              },
              {
                guard: ({ event }) => isStep(STEP.verifyNext)({ event }) && answerValue(event) === 'back-resolve',
                target: '#incident.resolve',
              },
              {
                // Resolved needs every check ticked and, with a URL, the probe gate passed; else a reason.
                guard: ({ context, event }) =>
                  isStep(STEP.verifyNext)({ event }) &&
                  facts(context).verify.ticked.length === VERIFY_ITEMS.length &&
                  // With a URL the probe must have passed: "not probed yet" is not a pass.
                  (verifyGate(facts(context)) === null || verifyGate(facts(context))?.pass === true),
                target: '#incident.postmortem',
                actions: markResolved,
              },
              { guard: isStep(STEP.verifyNext), target: 'skipReason' },
            ],
          },
        },
        skipReason: {
          on: {
            answer: [
              // An empty reason is no reason: back to the checklist.
              { guard: ({ event }) => isStep(STEP.verifySkipReason)({ event }) && answerValue(event).trim() === '', target: 'checklist' },
              {
                guard: isStep(STEP.verifySkipReason),
                target: '#incident.postmortem',
                actions: [setFacts((f, e) => ({ verify: { ...f.verify, skipReason: e.value } })), ...markResolved],
              },
            ],
          },
        },
      },
    },

    postmortem: {
      entry: enterPhase('postmortem'),
      initial: 'impact',
      states: {
        impact: { on: { answer: { guard: isStep(STEP.impact), target: 'affectedSystems', actions: notePostmortem } } },
        affectedSystems: { on: { answer: { guard: isStep(STEP.affectedSystems), target: 'affectedUsers', actions: notePostmortem } } },
        affectedUsers: { on: { answer: { guard: isStep(STEP.affectedUsers), target: 'trigger', actions: notePostmortem } } },
        trigger: { on: { answer: { guard: isStep(STEP.trigger), target: 'why', actions: notePostmortem } } },
        // Five whys, one at a time: each answer is asked "why?" again; Enter alone ends the chain.
        why: {
          on: {
            answer: [
              {
                guard: ({ context, event }) => isFilled(STEP.why)({ event }) && facts(context).postmortem.whys.length >= MAX_WHYS - 1,
                target: 'contributing',
                actions: addWhy,
              },
              { guard: isFilled(STEP.why), target: 'why', reenter: true, actions: addWhy },
              {
                guard: ({ context, event }) => isStep(STEP.why)({ event }) && facts(context).postmortem.whys.length > 0,
                target: 'contributing',
              },
            ],
          },
        },
        contributing: { on: { answer: { guard: isStep(STEP.contributing), target: 'wentWell', actions: notePostmortem } } },
        wentWell: { on: { answer: { guard: isStep(STEP.wentWell), target: 'wentWrong', actions: notePostmortem } } },
        wentWrong: { on: { answer: { guard: isStep(STEP.wentWrong), target: 'lucky', actions: notePostmortem } } },
        lucky: { on: { answer: { guard: isStep(STEP.lucky), target: 'actionWhat', actions: notePostmortem } } },
        actionWhat: { on: { answer: { guard: isFilled(STEP.actionWhat), target: 'actionKind', actions: draftAction } } },
        actionKind: { on: { answer: { guard: isStep(STEP.actionKind), target: 'actionOwner', actions: draftKind } } },
        actionOwner: { on: { answer: { guard: isFilled(STEP.actionOwner), target: 'actionDue', actions: draftOwner } } },
        actionDue: { on: { answer: { guard: isFilled(STEP.actionDue), target: 'actionPriority', actions: draftDue } } },
        actionPriority: { on: { answer: { guard: isStep(STEP.actionPriority), target: 'actionMore', actions: addActionItem } } },
        actionMore: {
          on: {
            answer: [
              { guard: isChoice(STEP.actionMore, 'add'), target: 'actionWhat' },
              // At least two action items: every incident produces prevention.
              {
                guard: ({ context, event }) => isStep(STEP.actionMore)({ event }) && facts(context).postmortem.actionItems.length >= 2,
                target: 'lessons',
              },
            ],
          },
        },
        lessons: { on: { answer: { guard: isStep(STEP.lessons), target: 'milestones', actions: notePostmortem } } },
        // The five times the metrics come from, each correctable ("detected 01:50"); Enter alone goes on.
        milestones: {
          on: {
            answer: [
              {
                guard: ({ event }) =>
                  isFilled(STEP.milestones)({ event }) && event.type === 'answer' && !!event.milestone && !!event.milestoneAt,
                target: 'milestones',
                reenter: true,
                actions: emit(({ event }) =>
                  record({
                    type: 'milestone.set',
                    phase: 'postmortem',
                    data: event.type === 'answer' ? { milestone: event.milestone, at: event.milestoneAt, input: event.value } : {},
                  }),
                ),
              },
              { guard: isStep(STEP.milestones), target: 'review' },
              // Incidents recorded before this question went from the lessons to the review.
              { guard: isChoice(STEP.review, 'write'), target: 'writing' },
            ],
          },
        },
        review: {
          on: {
            answer: [
              { guard: ({ event }) => isStep(STEP.review)({ event }) && answerValue(event) === 'write', target: 'writing' },
              { guard: ({ event }) => isStep(STEP.review)({ event }) && answerValue(event) === 'add-action', target: 'actionWhat' },
            ],
          },
        },
        writing: {
          entry: assign({ postmortemError: null }),
          invoke: {
            src: 'writePostmortem',
            input: ({ context }) => ({ facts: facts(context) }),
            onDone: {
              target: '#incident.closed',
              actions: [
                assign(({ context, event }) => ({ facts: { ...facts(context), postmortemPath: event.output.path } })),
                emit(({ event }) => record({ type: 'postmortem.written', phase: 'postmortem', data: { path: event.output.path } })),
              ],
            },
            onError: {
              target: 'review',
              actions: assign(({ event }) => ({
                postmortemError: event.error instanceof Error ? event.error.message : String(event.error),
              })),
            },
          },
          // Replaying a recorded `postmortem.written` (resume) closes without writing again.
          on: {
            'postmortem.written': {
              target: '#incident.closed',
              actions: assign(({ context, event }) => ({ facts: { ...facts(context), postmortemPath: event.path } })),
            },
          },
        },
      },
    },

    closed: {
      type: 'final',
      entry: [...enterPhase('closed'), emit(() => record({ type: 'incident.closed', phase: 'closed', data: {} }))],
    },
  },
});

function nextSeverityNode(context: MachineContext, event: IncidentEvent): string | null {
  if (event.type !== 'answer' || event.step !== STEP.severityPrefix + context.severityNode) return null;
  const node = nodeOf(context.severityTree, context.severityNode);
  if (node.kind !== 'ask') return null;
  return node.choices.find((c) => c.value === event.value)?.next ?? null;
}

function pathStep(context: MachineContext, event: IncidentEvent) {
  const node = nodeOf(context.severityTree, context.severityNode);
  return { node: context.severityNode, question: node.kind === 'ask' ? node.question : '', answer: answerValue(event) };
}

export type IncidentMachine = typeof incidentMachine;
export type { ContainOption };
