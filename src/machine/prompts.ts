// What to ask in each state of the machine: the question, the choices, how a
// typed answer is read. Screens render a Prompt and send what `submit` returns;
// they never decide anything themselves.
import type { SnapshotFrom } from 'xstate';
import type { IncidentMachine } from './incident-machine.js';
import { STEP } from './steps.js';
import { FIRST_QUESTION } from './first-question.js';
import { nodeOf } from '../domain/decision-tree.js';
import type { ContainOption, IncidentFacts } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import { policyFor, describeCadence, type UpdateCadence } from '../domain/severity-policy.js';
import { BLAST_RADIUS_CHOICES, recommendationText } from '../domain/blast-radius.js';
import { containOptionLabel, orderOptions, ROLLBACK_CAUTIONS } from '../domain/containment.js';
import { VERIFY_ITEMS } from '../domain/verify-checklist.js';
import { parseDueDate, parseStartTime } from '../domain/time-parse.js';
import { parseServiceUrl } from '../domain/url.js';
import { maskUrl } from '../domain/secrets.js';
import { formatLocal } from '../domain/format-time.js';
import { postmortemRelPath } from '../postmortem/path.js';
import { culpritLines } from './diagnostic-lines.js';
import { parseTypedBaseline } from '../domain/probe.js';
import { verifyGate } from '../domain/verify-gate.js';
import { rollbackPrompt, rollbackTargetPrompt } from './rollback-prompts.js';
import { hypothesisPrompt } from './hypothesis-prompts.js';
import { likelyTrigger, milestonesPrompt, whyPrompt } from './analysis-prompts.js';
import { blamelessHints, describe as describeFinding, postmortemFindings } from './blameless-hints.js';
import { ACTION_KINDS, ACTION_PRIORITIES, suggestedPriority } from '../domain/action-items.js';
import type { RollbackView } from '../domain/rollback-view.js';

export type { Choice, ContextLine, Prompt, PromptAction, SubmitResult, TextMeta, Tone } from './prompt-kit.js';
import { answer, choice, text, type ContextLine, type Prompt, type SubmitResult } from './prompt-kit.js';
import { DRILL_ACTION_PREFIX, orderDrillActions, type DrillView } from '../domain/drill-view.js';

type Snapshot = SnapshotFrom<IncidentMachine>;

export function severityContext(f: IncidentFacts, cadence?: UpdateCadence): ContextLine[] {
  if (!f.severity) return [];
  const p = policyFor(f.severity);
  const how =
    f.severitySource === 'declared'
      ? 'set when declared'
      : f.severityPath.map((s) => `${s.node.replace(/[_-]+/g, ' ')}: ${s.answer}`).join(' → ');
  return [
    {
      text: `${f.severity} — ${p.meaning}. Respond ${p.responseTarget}; ${describeCadence(f.severity, cadence)}.`,
      tone: f.severity === 'SEV-1' || f.severity === 'SEV-2' ? 'warn' : 'info',
    },
    { text: `Decided by: ${how}`, tone: 'dim' },
  ];
}

/** What the session knows that the machine does not: a revert under way. */
export interface PromptExtras {
  rollback?: RollbackView | null;
  /** Watching after the fix, until when (epoch ms). */
  watchingUntil?: number | null;
  /** The timeline, for what a walked runbook concluded. */
  entries?: readonly TimelineEntry[];
  /** The update cadence in effect (the team's config), for what triage promises. */
  cadence?: UpdateCadence;
  /** A drill: the page's URL and normal as fallbacks, and its actions offered on "What did you do?". */
  drill?: DrillView | null;
  /** In a drill, "something else" was chosen on "What did you do?": ask for it as text. */
  typeOwnAction?: boolean;
}

/** The `screen` action that turns a drill's "What did you do?" into a text field. */
export const TYPE_OWN_ACTION = 'contain.action.own';

/** The containment a walked runbook ended on, most recent first, with the runbook's title. */
export function runbookContainment(entries: readonly TimelineEntry[]): { option: ContainOption; title: string } | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.type !== 'runbook.finished') continue;
    const option = (e.data.outcome as { containment?: unknown } | undefined)?.containment;
    if (typeof option !== 'string') continue;
    const started = entries
      .slice(0, i)
      .reverse()
      .find((s) => s.type === 'runbook.started' && s.data.runbook === e.data.runbook);
    return {
      option: option as ContainOption,
      title: typeof started?.data.title === 'string' ? started.data.title : String(e.data.runbook),
    };
  }
  return null;
}

/** Answers that become the post-mortem's prose: checked for blame as they are typed. */
const PROSE_STEPS: ReadonlySet<string> = new Set([
  STEP.rootCause,
  STEP.fix,
  STEP.impact,
  STEP.trigger,
  STEP.why,
  STEP.contributing,
  STEP.wentWell,
  STEP.wentWrong,
  STEP.lucky,
  STEP.actionWhat,
  STEP.lessons,
]);

export function promptFor(snapshot: Snapshot, now: Date, extras: PromptExtras = {}): Prompt {
  const prompt = basePrompt(snapshot, now, extras);
  return prompt.kind === 'text' && PROSE_STEPS.has(prompt.step) ? { ...prompt, hints: blamelessHints } : prompt;
}

function basePrompt(snapshot: Snapshot, now: Date, extras: PromptExtras): Prompt {
  const ctx = snapshot.context;
  const f = ctx.facts;
  const at = (s: string) => snapshot.matches(s as never);

  if (snapshot.status === 'done' || at('closed')) {
    return {
      kind: 'closed',
      step: 'closed',
      question: 'Incident closed.',
      help: null,
      context: extras.drill
        ? [
            { text: 'Drill over: the post-mortem is written (a copy is kept beside the drill report).', tone: 'good' },
            { text: 'Enter ends the drill and shows the score.', tone: 'info' },
          ]
        : [
            { text: 'Post-mortem written to:', tone: 'good' },
            { text: displayPath(f?.postmortemPath ?? '(unknown)', f?.repo ?? null), tone: 'good' },
            { text: 'Review it with the team, then commit it. `incident timeline` shows every recorded step.', tone: 'dim' },
          ],
    };
  }
  if (!f) {
    const required = 'Type one line that says what is broken — it becomes the incident title.';
    return text(STEP.title, FIRST_QUESTION.question, {
      oneLine: true,
      help: FIRST_QUESTION.help,
      placeholder: FIRST_QUESTION.placeholder,
      read: (value) =>
        value.trim() === '' ? { ok: false, error: required } : { ok: true, action: { type: 'declare', title: value.trim() } },
    });
  }

  // detect
  if (at('detect.url')) {
    const question = 'Production URL';
    return text(STEP.url, question, {
      oneLine: true,
      help: extras.drill
        ? 'The page or API that is failing: the page gave it. Enter keeps it.'
        : 'The page or API that is failing. Optional — Enter to skip.',
      placeholder: 'e.g. https://shop.example.com/health',
      fallback: extras.drill?.url ?? null,
      read: (value) => {
        if (value.trim() === '') return answer(STEP.url, question, '');
        const parsed = parseServiceUrl(value.trim());
        if (!parsed.ok) return { ok: false, error: parsed.error };
        // Stored masked; the URL as typed (credentials and all) is only handed to the probe, in memory.
        const masked = maskUrl(parsed.url);
        return {
          ok: true,
          action: { type: 'answer', step: STEP.url, question, value: masked, ...(masked !== parsed.url ? { secretUrl: parsed.url } : {}) },
        };
      },
    });
  }
  if (at('detect.baseline')) {
    const question = 'What is normal for it?';
    return text(STEP.baseline, question, {
      oneLine: true,
      help: extras.drill?.normal
        ? 'So verify can compare: what the dashboards show on a good day. Enter keeps it.'
        : 'So verify can compare, e.g. "normally 200 in ~120 ms". Enter alone: the probe taken now is the reference.',
      placeholder: 'normally 200 in ~120 ms',
      fallback: extras.drill?.normal ?? null,
      context:
        f.probes.length === 0
          ? [{ text: `Probing ${f.url ?? ''} in the background — it never holds you up.`, tone: 'dim' }]
          : f.probes[0]?.healthy === false && !extras.drill?.normal
            ? [
                {
                  text: 'The site is failing right now: Enter would take the failing answer as the reference — better type what normal looks like.',
                  tone: 'warn',
                },
              ]
            : [],
      read: (value) => {
        if (value === '') return answer(STEP.baseline, question, '', 'not typed — the probe at detect is the reference');
        const parsed = parseTypedBaseline(value);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        return { ok: true, action: { type: 'answer', step: STEP.baseline, question, value, baseline: parsed.baseline } };
      },
    });
  }
  if (at('detect.started')) {
    const question = 'When did it start?';
    return text(STEP.started, question, {
      oneLine: true,
      help: 'e.g. 14:05 · 20 min ago · now · 2026-11-25T01:52Z — Enter alone means now.',
      placeholder: 'now',
      read: (value, nowAt) => {
        const parsed = parseStartTime(value, nowAt);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        const action = {
          type: 'answer' as const,
          step: STEP.started,
          question,
          value: value || 'now',
          startedAt: parsed.at.toISOString(),
          note: parsed.note,
        };
        return { ok: true, action };
      },
    });
  }
  const startedLine: ContextLine[] = f.startedAt
    ? [
        {
          text: `Started ${formatLocal(f.startedAt, now)}${f.startedNote ? ` (${f.startedNote})` : ''}`,
          tone: f.startedNote ? 'warn' : 'dim',
        },
      ]
    : [];
  if (at('detect.detection')) {
    return choice(
      STEP.detection,
      'How was it detected?',
      [
        { value: 'monitoring', label: 'Monitoring or an alert' },
        { value: 'user-report', label: 'A user or customer report' },
        { value: 'after-deploy', label: 'Noticed after a deploy' },
        { value: 'other', label: 'Other' },
      ],
      { context: [...startedLine, ...culpritLines(f)] },
    );
  }
  if (at('detect.changes')) {
    return text(STEP.changes, 'What changed recently?', {
      help: 'Deploys, config, traffic, dependencies. Enter if nothing is known.',
      placeholder: 'e.g. deployed v2.3.1 at 01:50',
      context: [...startedLine, ...culpritLines(f)],
    });
  }

  // triage
  if (at('triage.severity')) {
    const node = nodeOf(ctx.severityTree, ctx.severityNode);
    if (node.kind !== 'ask') throw new Error(`severity tree stopped on "${node.id}", which is not a question`);
    const done = f.severityPath.map((s) => ({ text: `✓ ${s.question}  ${s.answer}`, tone: 'dim' as const }));
    return choice(
      STEP.severityPrefix + node.id,
      node.question,
      node.choices.map((c) => ({ value: c.value, label: c.label })),
      { help: node.help ?? undefined, context: [{ text: 'Severity — the first "yes" decides.', tone: 'info' }, ...done] },
    );
  }
  const sev = severityContext(f, extras.cadence);
  if (at('triage.affected')) {
    return text(STEP.affected, 'Who is affected?', {
      help: 'Customers, internal users, a region, a share of traffic — roughly is fine.',
      placeholder: 'e.g. all EU customers at checkout',
      required: 'Say who is affected, even roughly ("unknown — at least some customers").',
      context: sev,
    });
  }
  if (at('triage.canMitigate')) {
    return choice(
      STEP.canMitigate,
      'Can we mitigate now?',
      [
        { value: 'yes', label: 'Yes — there is a quick way to stop the impact' },
        { value: 'no', label: 'No — we need to find the cause first' },
        { value: 'unsure', label: 'Not sure yet' },
      ],
      { context: [...sev, ...fiveQuestions(f, now), ...culpritLines(f)], help: 'A rollback, a feature flag, more capacity, a fail-over.' },
    );
  }
  if (at('triage.blastRadius')) {
    return choice(
      STEP.blastRadius,
      'Blast radius: how far does it reach?',
      BLAST_RADIUS_CHOICES.map((c) => ({ value: c.value, label: c.label })),
      { context: [...sev, ...fiveQuestions(f, now)] },
    );
  }

  // contain
  const rec: ContextLine[] = f.recommendation ? [{ text: `Recommendation: ${recommendationText(f.recommendation)}`, tone: 'info' }] : [];
  const tried: ContextLine[] = f.contain
    .filter((a) => a.outcome === 'not-yet' || (a.caution && a.caution !== 'none'))
    .map((a) => ({
      text: `Tried: ${containOptionLabel(a.option)} — ${a.caution && a.caution !== 'none' ? 'ruled out by a caution' : 'not mitigated'}`,
      tone: 'dim',
    }));
  if (at('contain.option')) {
    const options = orderOptions(f.severity, f.recommendation);
    const fromRunbook = runbookContainment(extras.entries ?? []);
    return choice(
      STEP.containOption,
      'Contain: what is the fastest safe way to stop the impact?',
      options.map((o) => ({
        value: o.option,
        label: o.label,
        hint: fromRunbook?.option === o.option ? `${o.hint} The runbook "${fromRunbook.title}" ended here.` : o.hint,
        recommended: o.recommended,
      })),
      {
        context: [
          ...severityContext(f, extras.cadence).slice(0, 1),
          ...rec,
          ...(fromRunbook
            ? [{ text: `Runbook "${fromRunbook.title}" concluded: ${containOptionLabel(fromRunbook.option)}`, tone: 'info' as const }]
            : []),
          ...tried,
          ...culpritLines(f),
        ],
        help: 'Stop the bleeding first; find the root cause after.',
      },
    );
  }
  if (at('contain.rollbackCaution')) {
    return choice(
      STEP.rollbackCaution,
      'When NOT to roll back — does any of these apply?',
      [
        { value: 'none', label: 'None of these — roll back' },
        ...ROLLBACK_CAUTIONS.map((c) => ({ value: c.id, label: c.label, hint: c.text })),
      ],
      { help: 'If one applies, choose another way to contain.' },
    );
  }
  if (at('contain.rollbackTarget')) return rollbackTargetPrompt(f);
  if (at('contain.reverting')) return rollbackPrompt(extras.rollback ?? null);
  if (at('contain.action')) {
    const last = f.contain.at(-1);
    if (extras.drill && extras.drill.actions.length > 0 && !extras.typeOwnAction)
      return drillActionPrompt(extras.drill, last?.option ?? null);
    return text(STEP.containAction, `What did you do to ${last ? containOptionLabel(last.option).toLowerCase() : 'contain it'}?`, {
      help: 'The command, PR or link, and who did it.',
      placeholder: last ? ACTION_EXAMPLES[last.option] : 'what you did',
      context: rec,
    });
  }
  if (at('contain.outcome')) {
    return choice(STEP.containOutcome, 'Has the impact stopped?', [
      { value: 'mitigated', label: 'Yes — mitigated, move on to the root cause' },
      { value: 'not-yet', label: 'Not yet — try another way to contain it' },
    ]);
  }

  // resolve
  const resolvePrompt = hypothesisPrompt(snapshot, now);
  if (resolvePrompt) return resolvePrompt;
  if (at('resolve.fix')) {
    return text(STEP.fix, 'The fix (what was changed, and where)', { placeholder: 'e.g. PR #482 adds the key with a safe default' });
  }

  // verify
  if (at('verify.checklist')) {
    const ticked = new Set(f.verify.ticked);
    const missing = VERIFY_ITEMS.length - ticked.size;
    const gate = verifyGate(f);
    return {
      kind: 'checklist',
      step: STEP.verifyNext,
      question: 'Verify: is it really fixed?',
      help: 'Tick what you have seen with your own eyes. Moving on with an unticked item asks for a reason.',
      context: gateLines(f, now),
      items: VERIFY_ITEMS.map((i) => ({ id: i.id, label: i.text, ticked: ticked.has(i.id) })),
      toggle: (id) => ({ type: 'verify.toggle', item: id, ticked: !ticked.has(id) }),
      actions: [
        {
          value: 'continue',
          label:
            missing === 0 && (gate === null || gate.pass === true)
              ? 'Verified — write the post-mortem'
              : missing === 0
                ? gate?.pass === null
                  ? 'Continue before the probe has answered (asks why)'
                  : 'Continue although the probe disagrees (asks why)'
                : `Continue with ${missing} unticked (asks why)`,
        },
        ...(f.url
          ? [
              extras.watchingUntil
                ? {
                    value: 'stop-watch',
                    label: `Stop watching (probing every 15 s until ${formatLocal(new Date(extras.watchingUntil).toISOString(), now).slice(-5)})`,
                  }
                : { value: 'watch', label: 'Watch it for 5 minutes (a probe every 15 s)' },
            ]
          : []),
        { value: 'back-contain', label: 'Back to contain' },
        { value: 'back-resolve', label: 'Back to resolve' },
      ],
      submit: (value) => {
        if (value === 'watch') return { ok: true, action: { type: 'watch', minutes: 5 } };
        if (value === 'stop-watch') return { ok: true, action: { type: 'watch', minutes: 0 } };
        const label = {
          continue:
            missing === 0 && (gate === null || gate.pass === true)
              ? 'verified'
              : missing === 0
                ? 'moved on without a passing probe'
                : `moved on with ${missing} unticked`,
          'back-contain': 'back to contain',
          'back-resolve': 'back to resolve',
        }[value];
        return answer(STEP.verifyNext, 'Verify', value, label);
      },
    };
  }
  if (at('verify.skipReason')) {
    const unticked = VERIFY_ITEMS.filter((i) => !f.verify.ticked.includes(i.id));
    const question = 'Why move on with unticked checks?';
    return text(STEP.verifySkipReason, question, {
      help: 'The reason goes into the post-mortem. Enter alone goes back to the checklist.',
      context: [
        ...unticked.map((i) => ({ text: `☐ ${i.text}`, tone: 'warn' as const })),
        ...(verifyGate(f)?.pass === false ? gateLines(f, now) : []),
      ],
      placeholder: 'e.g. monitoring for the EU region is itself down; checked by hand',
      read: (value) => answer(STEP.verifySkipReason, question, value, value === '' ? 'no reason — back to the checklist' : undefined),
    });
  }

  // post-mortem
  const pm = f.postmortem;
  const splitHelp = 'Several items? Separate them with ";".';
  if (at('postmortem.impact')) {
    return text(STEP.impact, 'Impact: what happened to users, and how much?', {
      help: 'Numbers where known: share of requests failing, minutes, orders lost.',
      context: [{ text: 'Post-mortem — blameless: describe systems and decisions, not people.', tone: 'info' }],
      fallback: pm.impact,
      placeholder: 'e.g. ~18% of checkouts failed for 42 minutes',
    });
  }
  if (at('postmortem.affectedSystems'))
    return text(STEP.affectedSystems, 'Affected systems', {
      fallback: pm.affectedSystems,
      placeholder: 'e.g. checkout API, payments worker',
    });
  if (at('postmortem.affectedUsers')) return text(STEP.affectedUsers, 'Affected users', { fallback: pm.affectedUsers ?? f.affected });
  if (at('postmortem.trigger')) {
    return text(STEP.trigger, 'What triggered it?', {
      help: 'The event that set it off: a deploy, a config change, a traffic spike, an expiry. Not a person.',
      fallback: pm.trigger ?? likelyTrigger(f),
      placeholder: 'e.g. the v2.3.1 deploy at 01:52',
    });
  }
  if (at('postmortem.why')) return whyPrompt(f);
  if (at('postmortem.contributing'))
    return text(STEP.contributing, 'Contributing factors: what made it possible, worse, or slower to fix?', {
      help: splitHelp,
      fallback: pm.contributing,
      placeholder: 'e.g. no alert on 5xx rate; the config check only runs in staging',
    });
  if (at('postmortem.wentWell')) return text(STEP.wentWell, 'What went well?', { help: splitHelp, fallback: pm.wentWell });
  if (at('postmortem.wentWrong')) return text(STEP.wentWrong, 'What went wrong?', { help: splitHelp, fallback: pm.wentWrong });
  if (at('postmortem.lucky'))
    return text(STEP.lucky, 'Where did we get lucky?', {
      help: `What would have made it worse had it gone differently? ${splitHelp}`,
      fallback: pm.lucky,
      placeholder: 'e.g. it happened at 2am, when traffic is lowest',
    });
  const items: ContextLine[] = pm.actionItems.map((i, n) => ({
    text: `${n + 1}. ${i.priority ? `[${i.priority}] ` : ''}${i.action} — ${i.kind ? `${i.kind}, ` : ''}${i.owner}, due ${weekdayOf(i.due)} ${i.due}`,
    tone: 'dim',
  }));
  const n = pm.actionItems.length + 1;
  if (at('postmortem.actionWhat')) {
    return text(STEP.actionWhat, `Action item ${n}: what will prevent this, detect it sooner, or limit it?`, {
      context: [{ text: 'At least two action items, each with an owner and a due date.', tone: 'info' }, ...items],
      required: 'Describe the action item (e.g. "alert on checkout 5xx rate above 2%").',
    });
  }
  if (at('postmortem.actionKind')) {
    return choice(
      STEP.actionKind,
      `Action item ${n}: what kind?`,
      ACTION_KINDS.map((k) => ({ value: k.value, label: k.label, hint: k.hint })),
      { context: [{ text: `${n}. ${ctx.draftItem.action}`, tone: 'dim' }] },
    );
  }
  if (at('postmortem.actionPriority')) {
    const suggested = suggestedPriority(ctx.draftItem.kind, f.severity);
    return choice(
      STEP.actionPriority,
      `Action item ${n}: priority`,
      ACTION_PRIORITIES.map((p) => ({ value: p.value, label: p.label, recommended: p.value === suggested })),
      { context: [{ text: `${n}. ${ctx.draftItem.action} — ${ctx.draftItem.owner}, due ${ctx.draftItem.due}`, tone: 'dim' }] },
    );
  }
  if (at('postmortem.actionOwner')) {
    return text(STEP.actionOwner, `Action item ${n}: owner (a person or team)`, {
      oneLine: true,
      context: [{ text: `${n}. ${ctx.draftItem.action}`, tone: 'dim' }],
      required: 'Every action item needs an owner.',
    });
  }
  if (at('postmortem.actionDue')) {
    const due = f.severity ? policyFor(f.severity).actionItemDueDays : 30;
    const question = `Action item ${n}: due date`;
    return text(STEP.actionDue, question, {
      oneLine: true,
      help: `e.g. 2026-12-10 · in 2 weeks · next friday — Enter alone means ${due} days (the ${f.severity ?? 'default'} target).`,
      context: [{ text: `${n}. ${ctx.draftItem.action} — ${ctx.draftItem.owner}`, tone: 'dim' }],
      read: (value, nowAt) => {
        const parsed = parseDueDate(value.trim() === '' ? `in ${due} days` : value, nowAt);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        return answer(STEP.actionDue, question, parsed.date);
      },
    });
  }
  if (at('postmortem.actionMore')) {
    const enough = pm.actionItems.length >= 2;
    return choice(
      STEP.actionMore,
      'Another action item?',
      [
        { value: 'add', label: 'Add another action item' },
        {
          value: 'done',
          label: 'Done with action items',
          disabled: enough ? null : `At least two action items are needed (${pm.actionItems.length} so far).`,
        },
      ],
      { context: items },
    );
  }
  if (at('postmortem.lessons')) return text(STEP.lessons, 'Lessons learned', { help: splitHelp, fallback: pm.lessons });
  if (at('postmortem.milestones')) return milestonesPrompt(f, extras.entries ?? []);
  if (at('postmortem.review') || at('postmortem.writing')) {
    const context: ContextLine[] = [
      { text: `Root cause: ${f.rootCause ?? '—'}`, tone: 'dim' },
      { text: `${pm.actionItems.length} action items`, tone: 'dim' },
      ...reviewFindings(f),
    ];
    if (ctx.postmortemError) context.unshift({ text: `Could not write the post-mortem: ${ctx.postmortemError}`, tone: 'error' });
    if (at('postmortem.writing'))
      return { kind: 'busy', step: 'postmortem.writing', question: 'Writing the post-mortem…', help: null, context };
    return choice(
      STEP.review,
      'Write the post-mortem and close the incident?',
      [
        { value: 'write', label: `Write ${postmortemRelPath(f)} and close the incident` },
        { value: 'add-action', label: 'Add another action item first' },
      ],
      { context },
    );
  }
  throw new Error(`no prompt for state ${JSON.stringify(snapshot.value)}`);
}

/** What the blameless check found across the answers: the author decides, the file says it as written. */
function reviewFindings(f: IncidentFacts): ContextLine[] {
  const findings = postmortemFindings(f);
  if (findings.length === 0) return [{ text: 'Blameless check: nothing reads as blaming a person.', tone: 'good' }];
  return [
    {
      text: `Blameless check: ${findings.length} sentence${findings.length === 1 ? '' : 's'} to look at (edit the file after, or keep them):`,
      tone: 'warn',
    },
    ...findings.slice(0, 3).map((x) => ({ text: `  ${describeFinding(x)}: "${x.excerpt}"`, tone: 'warn' as const })),
  ];
}

/** The five triage questions, with what is known so far. */
export function fiveQuestions(f: IncidentFacts, now: Date): ContextLine[] {
  const known = (v: string | null) => v ?? '—';
  return [
    { text: 'The five triage questions:', tone: 'info' },
    { text: `What is broken?   ${f.title}`, tone: 'dim' },
    { text: `Since when?       ${f.startedAt ? formatLocal(f.startedAt, now) : '—'}`, tone: 'dim' },
    { text: `Who is affected?  ${known(f.affected)}`, tone: 'dim' },
    { text: `What changed?     ${known(f.changes)}`, tone: 'dim' },
    { text: `Mitigate now?     ${known(f.canMitigate)}`, tone: 'dim' },
  ];
}

/**
 * Identifies one asking of one question: the same step asked again (another
 * action item, another containment attempt) is a new asking with a fresh field.
 */
export function promptIdentity(snapshot: Snapshot, extras: PromptExtras = {}): string {
  const f = snapshot.context.facts;
  return `${JSON.stringify(snapshot.value)}|${extras.rollback?.stage.kind ?? ''}|${extras.typeOwnAction ? 'own' : ''}|${f?.severityPath.length ?? 0}|${f?.contain.length ?? 0}|${f?.postmortem.actionItems.length ?? 0}|${f?.hypotheses.length ?? 0}|${f?.postmortem.whys.length ?? 0}`;
}

/** A path inside the repository, shown relative to it: shorter, and what `git add` wants. */
function displayPath(path: string, repo: string | null): string {
  return repo && path.startsWith(`${repo}/`) ? path.slice(repo.length + 1) : path;
}

const ACTION_EXAMPLES: Record<ContainOption, string> = {
  rollback: 'e.g. redeployed v2.3.0 via the deploy pipeline (ana)',
  'feature-flag': 'e.g. turned off new-checkout in the flag console (ana)',
  'scale-up': 'e.g. scaled checkout-api from 4 to 10 replicas',
  'fail-over': 'e.g. promoted the eu-west replica to primary',
  'rate-limit': 'e.g. limited /search to 50 req/s per client at the edge',
  'block-actor': 'e.g. blocked 203.0.113.0/24 at the WAF',
  investigate: 'e.g. reading the checkout logs for the first error',
};

/** In a drill, what can be done outside git is a choice (each applied to the drill when recorded); anything else is typed. */
function drillActionPrompt(drill: DrillView, option: ContainOption | null): Prompt {
  const question = `What did you do${option ? ` to ${containOptionLabel(option).toLowerCase()}` : ''}?`;
  const choices = [
    ...orderDrillActions(drill.actions, option).map((a) => ({ value: `${DRILL_ACTION_PREFIX}${a.id}`, label: a.title })),
    { value: 'own', label: 'Something else — type what you did' },
  ];
  const base = choice(STEP.containAction, question, choices, { help: 'Drill: what you choose here is really done to the drill service.' });
  return {
    kind: 'choice',
    step: STEP.containAction,
    question,
    help: base.help,
    context: base.context,
    choices,
    submit: (value: string): SubmitResult =>
      value === 'own'
        ? { ok: true, action: { type: 'screen', to: TYPE_OWN_ACTION } }
        : base.kind === 'choice'
          ? base.submit(value)
          : { ok: false, error: 'not a choice' },
  };
}

/** "Fri" for a YYYY-MM-DD date, so "next friday" can be checked at a glance. */
function weekdayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? '' : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!;
}

/** The probe after the fix against the baseline, one line per check. */
function gateLines(f: IncidentFacts, now: Date): ContextLine[] {
  const gate = verifyGate(f);
  if (!gate) return [];
  if (!gate.probe || !gate.comparison) return [{ text: `Probing ${f.url ?? ''} to compare with the baseline…`, tone: 'dim' }];
  const when = formatLocal(gate.probe.at, now).slice(-5);
  return [
    {
      text: `Probe at ${when} against the baseline (${f.baseline?.text ?? 'none: a healthy answer is required'}):`,
      tone: gate.pass ? 'good' : 'warn',
    },
    ...gate.comparison.checks.map((c) => ({
      text: `  ${c.pass ? '✓' : '✗'} ${c.name}: ${c.detail}`,
      tone: c.pass ? ('dim' as const) : ('warn' as const),
    })),
  ];
}
