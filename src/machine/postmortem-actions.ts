// The post-mortem questions as machine actions: free-text fields, the five
// whys chain, and action items assembled field by field.
import type { PostmortemAnswers } from '../domain/incident.js';
import type { ActionKind, ActionPriority } from '../domain/action-items.js';
import { STEP } from './steps.js';
import { assignTyped, EMPTY_DRAFT_ITEM, facts, orNull, setFacts } from './machine-kit.js';

type TextField =
  'impact' | 'affectedSystems' | 'affectedUsers' | 'trigger' | 'contributing' | 'wentWell' | 'wentWrong' | 'lucky' | 'lessons';

const FIELDS: Record<string, TextField> = {
  [STEP.impact]: 'impact',
  [STEP.affectedSystems]: 'affectedSystems',
  [STEP.affectedUsers]: 'affectedUsers',
  [STEP.trigger]: 'trigger',
  [STEP.contributing]: 'contributing',
  [STEP.wentWell]: 'wentWell',
  [STEP.wentWrong]: 'wentWrong',
  [STEP.lucky]: 'lucky',
  [STEP.lessons]: 'lessons',
};

export const notePostmortem = setFacts((f, e) => {
  const field = FIELDS[e.step];
  return field ? { postmortem: { ...f.postmortem, [field]: orNull(e.value) } satisfies PostmortemAnswers } : {};
});

export const MAX_WHYS = 5;

export const addWhy = setFacts((f, e) => ({ postmortem: { ...f.postmortem, whys: [...f.postmortem.whys, e.value.trim()] } }));

export const draftAction = assignTyped(({ event }) =>
  event.type === 'answer' ? { draftItem: { ...EMPTY_DRAFT_ITEM, action: event.value.trim() } } : {},
);
export const draftKind = assignTyped(({ context, event }) =>
  event.type === 'answer' ? { draftItem: { ...context.draftItem, kind: event.value as ActionKind } } : {},
);
export const draftOwner = assignTyped(({ context, event }) =>
  event.type === 'answer' ? { draftItem: { ...context.draftItem, owner: event.value.trim() } } : {},
);
export const draftDue = assignTyped(({ context, event }) =>
  event.type === 'answer' ? { draftItem: { ...context.draftItem, due: event.value } } : {},
);

/** The priority is the last field: the item joins the list. */
export const addActionItem = assignTyped(({ context, event }) => {
  if (event.type !== 'answer') return {};
  const f = facts(context);
  const { action, kind, owner, due } = context.draftItem;
  const item = { action, kind, owner, due, priority: event.value as ActionPriority };
  return {
    facts: { ...f, postmortem: { ...f.postmortem, actionItems: [...f.postmortem.actionItems, item] } },
    draftItem: EMPTY_DRAFT_ITEM,
  };
});
