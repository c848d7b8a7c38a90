// `incident milestone [NAME TIME]`: the five milestones of an incident, and
// correcting one from the command line ("we were alerted at 01:50, not when
// we declared") — during the incident, or at the review once it is closed,
// without walking the guided mode back to its post-mortem step.
import { formatDuration, formatUtc } from '../domain/format-time.js';
import { namesCalendarDay } from '../domain/time-parse.js';
import {
  MILESTONE_LABELS,
  MILESTONES,
  METRICS,
  metrics,
  milestoneFactsFromEntries,
  milestones,
  milestoneSetData,
  parseMilestoneEdit,
  type Milestones,
} from '../domain/milestones.js';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { EventLog } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';
import { columns } from './columns.js';
import { UserError, type Output } from './errors.js';
import { EXIT } from './exit-codes.js';
import { pickIncident } from './pick-incident.js';

/** After this long, a closed incident's times need their day: "01:50" alone would be read as today's. */
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

export async function milestone(services: Services, words: string[], opts: { id?: string }, io: Output): Promise<number> {
  const store = await IncidentStore.open(services.stateDir);
  for (const w of store.warnings) io.err(`warning: ${w}`);
  // The open incident, else the latest: milestones are often corrected at the review, after it closed.
  const incident = pickIncident(store, opts.id, { fallbackToLatest: true });
  const { entries, warnings } = store.readEntries(incident.id);
  for (const w of warnings) io.err(`warning: ${w}`);
  const current = milestones(milestoneFactsFromEntries(entries), entries);
  const text = words.join(' ').trim();
  if (text === '') {
    io.out(`Milestones of ${incident.id}:`);
    for (const line of table(current)) io.out(line);
    io.out(
      current.started.standIn
        ? 'The start is not known (no start time was given): set it with `incident milestone started 01:40`.'
        : 'Correct one with: incident milestone detected 01:50',
    );
    return EXIT.ok;
  }

  // At a review days later, "detected 01:50" would be read as today's 01:50: ask for the day.
  const now = services.now();
  // When it was closed: corrections and reviews appended since do not make it recent.
  const endedAt = entries.findLast((e) => e.type === 'incident.closed')?.at;
  const when = text.replace(/^\S+\s*(?:[:=]\s*|at\s+)?/i, '');
  if (incident.status === 'closed' && endedAt && now.getTime() - Date.parse(endedAt) > STALE_AFTER_MS && when !== '' && !namesCalendarDay(when)) {
    throw new UserError(
      `${incident.id} ended ${formatUtc(endedAt)}: give the day with the time, e.g. \`incident milestone ${text.split(/\s+/)[0]} ${endedAt.slice(0, 10)} 01:50\` (local time unless you add a zone).`,
      EXIT.usage,
    );
  }
  const edit = parseMilestoneEdit(text, now, current);
  if ('error' in edit) throw new UserError(edit.error, EXIT.usage);
  // Append only, like `incident note`: safe beside a running `incident`, and never repairing what it writes.
  const log = EventLog.open(incidentDir(services.stateDir, incident.id), { actor: services.actor, now: services.now, repairTail: false });
  for (const w of log.warnings) io.err(`warning: ${w}`);
  try {
    log.append({ type: 'milestone.set', phase: incident.phase, data: { ...milestoneSetData(edit, text) } });
  } finally {
    log.close();
  }
  const was = current[edit.milestone].at;
  io.out(
    `${MILESTONE_LABELS[edit.milestone]} set to ${formatUtc(edit.at)} in ${incident.id}` +
      (was ? ` (was ${formatUtc(was)}, ${current[edit.milestone].basis})` : ''),
  );
  if (edit.note) io.out(`Note: ${edit.note}`);
  if (edit.milestone !== 'started' && current.started.standIn)
    io.out('The start is not known (no start time was given): `incident milestone started TIME` gives TTD, TTM and TTR.');
  io.out(
    incident.status === 'closed'
      ? `\`incident postmortem ${incident.id}\` writes its post-mortem again with it.`
      : 'The post-mortem will use it.',
  );
  return EXIT.ok;
}

function table(m: Milestones): string[] {
  const values = metrics(m);
  const rows = MILESTONES.map((name) => [MILESTONE_LABELS[name], m[name].at ? formatUtc(m[name].at) : '—', m[name].basis]);
  const line = METRICS.map((x) => `${x.abbr} ${values[x.key] === null ? '—' : formatDuration(values[x.key]!)}`).join(' · ');
  return [...columns(['MILESTONE', 'TIME (UTC)', 'HOW WE KNOW'], rows), '', line, ...values.problems.map((p) => `Check: ${p}`)];
}
