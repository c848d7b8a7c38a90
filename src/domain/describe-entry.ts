// One-line human descriptions of timeline entries, shared by the live timeline
// view and the post-mortem. Pure: the entry is all it needs.
import { verifyItem } from './verify-checklist.js';
import { describeProbe } from './probe.js';
import type { CulpritSummary, ProbeSummary } from './incident.js';
import type { TimelineEntry } from './types.js';
import { oneLine, stripControl } from './sanitize.js';
import { formatUtc } from './format-time.js';
import { roleLabel } from './roles.js';
import { describeMilestoneSet } from './milestones.js';

export type EntryKind = 'declare' | 'answer' | 'decision' | 'phase' | 'note' | 'milestone' | 'other';

export interface EntryDescription {
  /** One line, control sequences removed. */
  text: string;
  kind: EntryKind;
  /** Belongs in a post-mortem timeline (answers summarised elsewhere do not). */
  significant: boolean;
}

/** When the entry really happened: the backfilled time if there is one, else when it was recorded. */
export function entryTime(entry: TimelineEntry): string {
  return entry.occurredAt ?? entry.at;
}

/** Entries ordered by `entryTime`; entries at the same instant keep their input order. */
export function sortByOccurred(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, t: sortKey(entry) }))
    .sort((a, b) => (a.t === b.t ? a.index - b.index : a.t < b.t ? -1 : 1))
    .map((x) => x.entry);
}

function sortKey(entry: TimelineEntry): number {
  // An unparsable backfilled time falls back to the recording time; an
  // unparsable recording time sorts last rather than breaking the order.
  const occurred = entry.occurredAt === undefined ? Number.NaN : Date.parse(entry.occurredAt);
  if (!Number.isNaN(occurred)) return occurred;
  const at = Date.parse(entry.at);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/**
 * Answer steps that are not repeated in a post-mortem timeline because another
 * event summarises them: severity tree answers (→ `severity.set`), the
 * containment choice (→ `contain.chosen`), verify ticks (→ `resolved`) and the
 * post-mortem questionnaire itself (→ the document's own sections).
 */
export function isSummarisedStep(step: string): boolean {
  return step.startsWith('postmortem.') || /(^|\.)severity(\.|$)/.test(step) || step === 'contain.option' || step.startsWith('verify.');
}

const MITIGATED_BY: Record<string, string> = {
  rollback: 'rolling back',
  'feature-flag': 'turning off a feature flag',
  'scale-up': 'scaling up',
  'fail-over': 'failing over',
  'rate-limit': 'rate-limiting traffic',
  'block-actor': 'blocking the source of the traffic',
  investigate: 'a targeted fix',
};

/** "rolling back", "turning off a feature flag": how a containment option reads after "mitigated by". */
export function mitigatedBy(option: string): string {
  return MITIGATED_BY[option] ?? option;
}

/** Where an entry came from, for the post-mortem's timeline table. */
export type EntrySource = 'answer' | 'probe' | 'git' | 'command' | 'note' | 'update' | 'incident';

export function entrySource(entry: TimelineEntry): EntrySource {
  const t = entry.type;
  if (
    t === 'answer' ||
    t === 'verify.toggle' ||
    t === 'runbook.answer' ||
    t === 'runbook.ack' ||
    t === 'runbook.tick' ||
    t === 'runbook.param'
  )
    return 'answer';
  if (t === 'probe.result') return 'probe';
  if (t === 'culprits.found' || t.startsWith('rollback.')) return 'git';
  if (t === 'runbook.command') return 'command';
  if (t === 'note.added') return 'note';
  if (t.startsWith('update.')) return 'update';
  return 'incident';
}

export function describeEntry(entry: TimelineEntry): EntryDescription {
  const d = entry.data ?? {};
  switch (entry.type) {
    case 'incident.declared': {
      const title = str(d.title) ?? '(untitled)';
      const severity = str(d.severity);
      return { text: `Declared: ${title}${severity ? ` (declared ${severity})` : ''}`, kind: 'declare', significant: true };
    }
    case 'phase.changed': {
      const from = str(d.from) ?? '?';
      const to = str(d.to) ?? '?';
      return { text: `Phase: ${from} → ${to}`, kind: 'phase', significant: true };
    }
    case 'answer': {
      const step = str(d.step) ?? '';
      const question = str(d.question) ?? (step || 'Question');
      const typed = str(d.label) ?? str(d.value) ?? '(no answer)';
      // A start time is shown as the time it was read as: "20 min ago" means nothing a day later.
      const startedAt = step === 'detect.started' ? str(d.startedAt) : undefined;
      const answer = startedAt ? `${formatUtc(startedAt)}${typed !== 'now' ? ` (typed "${typed}")` : ''}` : typed;
      return { text: `${question} → ${answer}`, kind: 'answer', significant: !isSummarisedStep(step) };
    }
    case 'severity.set': {
      const severity = str(d.severity) ?? '(unknown)';
      return { text: `Severity ${severity}${severityReason(d)}`, kind: 'decision', significant: true };
    }
    case 'recommendation.made': {
      const text = str(d.text) ?? str(d.recommendation) ?? '(none)';
      const radius = str(d.blastRadius);
      return {
        text: `Recommendation: ${text}${radius ? ` (blast radius: ${radius.replace(/-/g, ' ')})` : ''}`,
        kind: 'decision',
        significant: true,
      };
    }
    case 'contain.chosen': {
      const label = str(d.label) ?? str(d.option) ?? '(unknown)';
      return { text: `Chose containment: ${label}`, kind: 'decision', significant: true };
    }
    case 'mitigated': {
      const option = str(d.option);
      const action = str(d.action);
      const by = option === undefined ? undefined : mitigatedBy(option);
      const head = by ? `Mitigated by ${by}` : 'Mitigated';
      return { text: action ? `${head}: ${action}` : head, kind: 'milestone', significant: true };
    }
    case 'resolved': {
      const reason = str(d.skipReason);
      const unticked = Array.isArray(d.unticked) ? d.unticked.length : 0;
      let text: string;
      if (unticked > 0) text = `Resolved with ${unticked} check${unticked === 1 ? '' : 's'} unticked: ${reason ?? 'no reason recorded'}`;
      else if (reason) text = `Resolved (moved on: ${reason})`;
      else text = 'Resolved (verify checklist complete)';
      return { text, kind: 'milestone', significant: true };
    }
    case 'verify.toggle': {
      const item = str(d.item) ?? '?';
      const label = verifyItem(item)?.text ?? item;
      const evidence = str(d.evidence);
      return {
        text: clean(`${d.ticked === true ? 'Checked' : 'Unchecked'}: ${label}${evidence ? ` (proved by the probe: ${evidence})` : ''}`),
        kind: 'decision',
        significant: evidence !== undefined,
      };
    }
    case 'probe.result': {
      const probe = d.probe as ProbeSummary | undefined;
      if (!probe || typeof probe !== 'object') return { text: 'Probe', kind: 'milestone', significant: false };
      return {
        text: clean(`Probe (${probe.purpose}): ${describeProbe(probe)}`),
        kind: 'milestone',
        // A healthy watch probe is routine; a failing one is part of the story.
        significant: probe.purpose !== 'watch' || !probe.healthy,
      };
    }
    case 'update.posted': {
      // The first line (the headline) only: the whole update is in updates.md.
      const first = str(typeof d.text === 'string' ? d.text.split('\n')[0] : undefined) ?? '';
      return { text: clean(`Status update posted: ${first}`), kind: 'milestone', significant: true };
    }
    case 'rollback.preflight': {
      const problems = Array.isArray(d.problems) ? d.problems.filter((p): p is string => typeof p === 'string') : [];
      return {
        text: clean(`Rollback check of ${short(d.sha)}: ${d.ok === true ? 'ok' : `blocked — ${problems[0] ?? '?'}`}`),
        kind: 'decision',
        significant: d.ok !== true,
      };
    }
    case 'rollback.started':
      return {
        text: clean(`Rollback started: git revert --no-commit ${short(d.sha)}${str(d.subject) ? ` (${str(d.subject)})` : ''}`),
        kind: 'decision',
        significant: true,
      };
    case 'rollback.staged':
      return {
        text: clean(`Revert staged: ${(str(d.diffstat) ?? '').split('\n').filter(Boolean).at(-1) ?? ''}`),
        kind: 'decision',
        significant: false,
      };
    case 'rollback.committed':
      return { text: clean(`Revert committed: ${short(d.revertSha)} reverts ${short(d.sha)}`), kind: 'milestone', significant: true };
    case 'rollback.aborted':
      return { text: clean(`Rollback of ${short(d.sha)} not done: ${str(d.reason) ?? '?'}`), kind: 'decision', significant: true };
    case 'rollback.pushed':
      return { text: clean(`Revert pushed to ${str(d.remote) ?? '?'}/${str(d.target) ?? '?'}`), kind: 'milestone', significant: true };
    case 'rollback.push-failed':
      return { text: clean(`Push of the revert failed: ${str(d.message) ?? '?'}`), kind: 'decision', significant: true };
    case 'rollback.push-skipped':
      return {
        text: clean(`Revert ${short(d.revertSha)} not pushed from here (shipped through the usual pipeline)`),
        kind: 'decision',
        significant: true,
      };
    case 'culprits.found': {
      const commits = Array.isArray(d.commits) ? (d.commits as CulpritSummary[]) : [];
      const top = commits[0];
      if (!top) return { text: clean(`Recent commits: ${str(d.note) ?? 'none before the start'}`), kind: 'milestone', significant: false };
      return {
        text: clean(
          `Likely culprit: ${top.shortSha} ${top.subject} — ${top.reasons.slice(0, 2).join('; ')}${commits.length > 1 ? ` (+${commits.length - 1} more ranked)` : ''}`,
        ),
        kind: 'milestone',
        significant: true,
      };
    }
    case 'note.added':
      return { text: `Note: ${str(d.text) ?? ''}`.trimEnd(), kind: 'note', significant: true };
    case 'postmortem.written':
      return { text: `Post-mortem written: ${str(d.path) ?? '(unknown path)'}`, kind: 'milestone', significant: true };
    case 'incident.closed':
      return { text: 'Incident closed', kind: 'milestone', significant: true };
    case 'runbook.started':
      return { text: clean(`Runbook opened: ${str(d.title) ?? str(d.runbook) ?? '?'}`), kind: 'decision', significant: true };
    case 'runbook.answer':
      return {
        text: clean(`Runbook ${str(d.runbook) ?? '?'} · ${str(d.step) ?? '?'} → ${str(d.label) ?? str(d.value) ?? '?'}`),
        kind: 'answer',
        significant: true,
      };
    case 'runbook.ack': {
      const finding = str(d.finding);
      return {
        text: clean(`Runbook ${str(d.runbook) ?? '?'} · ${str(d.step) ?? '?'}${finding ? `: ${finding}` : ' done'}`),
        kind: 'answer',
        significant: finding !== undefined,
      };
    }
    case 'runbook.tick':
      return {
        text: clean(`Runbook ${str(d.runbook) ?? '?'} · ${d.ticked === true ? 'done' : 'undone'}: ${str(d.item) ?? '?'}`),
        kind: 'answer',
        significant: false,
      };
    case 'runbook.param':
      return {
        text: clean(`Runbook ${str(d.runbook) ?? '?'} · ${str(d.name) ?? '?'} = ${str(d.value) ?? ''}`),
        kind: 'answer',
        significant: false,
      };
    case 'runbook.command': {
      const argv = Array.isArray(d.argv) ? d.argv.filter((a): a is string => typeof a === 'string').join(' ') : '?';
      const result =
        d.ran !== true
          ? 'skipped'
          : str(d.error)
            ? `could not run: ${str(d.error)}`
            : d.timedOut === true
              ? 'timed out'
              : `exit ${typeof d.exitCode === 'number' ? d.exitCode : '?'}`;
      const took = typeof d.durationMs === 'number' && d.ran === true ? ` in ${(d.durationMs / 1000).toFixed(1)} s` : '';
      return { text: clean(`Command: ${argv} → ${result}${took}`), kind: 'decision', significant: d.ran === true };
    }
    case 'runbook.left':
      return { text: clean(`Runbook ${str(d.runbook) ?? '?'} left at ${str(d.step) ?? '?'}`), kind: 'decision', significant: true };
    case 'runbook.finished': {
      const o = (d.outcome ?? {}) as Record<string, unknown>;
      const parts = [
        str(o.severity),
        str(o.containment) ? `contain: ${str(o.containment)}` : undefined,
        str(o.recommendation),
        str(o.text),
      ].filter(Boolean);
      return {
        text: clean(`Runbook ${str(d.runbook) ?? '?'} finished${parts.length ? `: ${parts.join(' · ')}` : ''}`),
        kind: 'milestone',
        significant: true,
      };
    }
    case 'role.assigned': {
      const role = roleLabel(str(d.role) ?? '?');
      const handoff = str(d.role) === 'commander' && str(d.summary) !== undefined;
      return {
        text: clean(handoff ? `Hand-off: ${str(d.who) ?? '?'} is now commander` : `${role}: ${str(d.who) ?? '?'}`),
        kind: 'decision',
        significant: true,
      };
    }
    case 'milestone.set':
      return { text: clean(describeMilestoneSet(entry) ?? 'Milestone set'), kind: 'milestone', significant: true };
    case 'update.sent':
      return { text: clean(`Status update delivered to ${str(d.channel) ?? 'the webhook'}`), kind: 'milestone', significant: false };
    case 'update.retrying':
      return {
        text: clean(
          `Status update to ${str(d.channel) ?? 'the webhook'} failed (attempt ${typeof d.attempts === 'number' ? d.attempts : '?'}): ${str(d.error) ?? 'unknown error'}; trying again`,
        ),
        kind: 'milestone',
        significant: false,
      };
    case 'update.failed':
      return { text: clean(`Status update not delivered: ${str(d.error) ?? 'unknown error'}`), kind: 'milestone', significant: true };
    case 'postmortem.reviewed':
      return { text: clean(`Post-mortem marked reviewed${str(d.by) ? ` by ${str(d.by)}` : ''}`), kind: 'milestone', significant: true };
    default: {
      const rest = compact(d);
      return { text: clean(rest ? `${entry.type} ${rest}` : entry.type), kind: 'other', significant: false };
    }
  }
}

/** "(core workflow broken: yes)" from the deciding (last) step of the tree path, or "(declared)". */
function severityReason(d: Record<string, unknown>): string {
  const path = Array.isArray(d.path) ? d.path : [];
  const last: unknown = path[path.length - 1];
  if (isRecord(last)) {
    const node = str(last.node);
    const label = node ? node.replace(/[_-]+/g, ' ') : str(last.question);
    const answer = str(last.answer);
    if (label && answer) return ` (${label}: ${answer})`;
  }
  return str(d.source) === 'declared' ? ' (declared)' : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A one-line string for a data value, or undefined when absent or blank. */
/** A commit id, shortened for reading. */
function short(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, 7) : '?';
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = clean(v);
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** One line for display: terminal escapes and control characters removed, whitespace runs collapsed. */
function clean(s: string): string {
  return oneLine(stripControl(s)).replace(/\s+/g, ' ');
}

const COMPACT_MAX = 160;

/** `key=value key2="two words"` for an unknown event's data, capped in length. */
function compact(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    let rendered: string;
    if (typeof value === 'string') rendered = /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
    else rendered = JSON.stringify(value) ?? String(value);
    parts.push(`${key}=${rendered}`);
  }
  const s = parts.join(' ');
  return s.length > COMPACT_MAX ? `${s.slice(0, COMPACT_MAX - 1)}…` : s;
}
