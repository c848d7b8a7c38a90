// What each severity commits the responders to: how fast someone must respond,
// how often stakeholders hear from us, and how long post-mortem action items
// get by default. One table, so the triage screen, the update reminders and
// the post-mortem all quote the same numbers. Meanings mirror the questions of
// runbooks/severity.yaml (the tree decides; this table explains).
import type { Severity } from './types.js';

export interface SeverityPolicy {
  severity: Severity;
  /** Short name shown next to the SEV number. */
  label: string;
  /** One line, no final period: what makes an incident this severe. */
  meaning: string;
  /** How fast someone must be responding, to follow "Respond ": "within 15 min". */
  responseTarget: string;
  /** The same target in minutes; null when it is not a clock time (SEV-4: next business day). */
  responseMinutes: number | null;
  /** Minutes between stakeholder status updates; null = one update, at resolution. */
  updateEveryMinutes: number | null;
  /** The first status update is due this many minutes after declaring, whatever the severity. */
  firstUpdateWithinMinutes: number;
  /** Default due date of post-mortem action items, in days from the post-mortem. */
  actionItemDueDays: number;
}

/** Every severity gets a first "we're on it" update quickly: silence is what makes stakeholders escalate. */
export const FIRST_UPDATE_WITHIN_MINUTES = 5;

export const SEVERITY_POLICIES: Readonly<Record<Severity, SeverityPolicy>> = {
  'SEV-1': {
    severity: 'SEV-1',
    label: 'Critical',
    meaning: 'The app is down for everyone, or data is lost or exposed',
    responseTarget: 'immediately (within 5 min)',
    responseMinutes: 5,
    updateEveryMinutes: 15,
    firstUpdateWithinMinutes: FIRST_UPDATE_WITHIN_MINUTES,
    actionItemDueDays: 15,
  },
  'SEV-2': {
    severity: 'SEV-2',
    label: 'Major',
    meaning: 'A core workflow is broken, or more than 10% of users are affected',
    responseTarget: 'within 15 min',
    responseMinutes: 15,
    updateEveryMinutes: 30,
    firstUpdateWithinMinutes: FIRST_UPDATE_WITHIN_MINUTES,
    actionItemDueDays: 30,
  },
  'SEV-3': {
    severity: 'SEV-3',
    label: 'Minor',
    meaning: 'A limited part of the product is impaired for some users',
    responseTarget: 'within 1 hour',
    responseMinutes: 60,
    updateEveryMinutes: 60,
    firstUpdateWithinMinutes: FIRST_UPDATE_WITHIN_MINUTES,
    actionItemDueDays: 30,
  },
  'SEV-4': {
    severity: 'SEV-4',
    label: 'Low',
    meaning: 'Cosmetic, or there is an easy workaround',
    responseTarget: 'by the next business day',
    responseMinutes: null,
    updateEveryMinutes: null,
    firstUpdateWithinMinutes: FIRST_UPDATE_WITHIN_MINUTES,
    actionItemDueDays: 60,
  },
};

export function policyFor(severity: Severity): SeverityPolicy {
  return SEVERITY_POLICIES[severity];
}

/**
 * When stakeholders hear from us. A team can change it in its config
 * (config/load-config.ts, `cadenceFrom`); every function taking one defaults
 * to the table above, so callers that know no config keep working.
 */
export interface UpdateCadence {
  firstWithinMinutes: number;
  /** Minutes between updates per severity; null = one update, at resolution. */
  everyMinutes: Readonly<Record<Severity, number | null>>;
}

export const DEFAULT_CADENCE: UpdateCadence = {
  firstWithinMinutes: FIRST_UPDATE_WITHIN_MINUTES,
  everyMinutes: {
    'SEV-1': SEVERITY_POLICIES['SEV-1'].updateEveryMinutes,
    'SEV-2': SEVERITY_POLICIES['SEV-2'].updateEveryMinutes,
    'SEV-3': SEVERITY_POLICIES['SEV-3'].updateEveryMinutes,
    'SEV-4': SEVERITY_POLICIES['SEV-4'].updateEveryMinutes,
  },
};

/** "status update every 15 min", "status update every hour", "status update at resolution". */
export function describeCadence(severity: Severity, cadence: UpdateCadence = DEFAULT_CADENCE): string {
  const every = cadence.everyMinutes[severity];
  if (every === null) return 'status update at resolution';
  if (every === 60) return 'status update every hour';
  return `status update every ${every} min`;
}

/**
 * When the next status update is due: `declaredAt` + the first-within (5 min)
 * until one has been sent, then the last update + the severity's interval.
 * Null when only a final update is expected (SEV-4 after its first update).
 * Pure: the caller compares with its clock.
 */
export function nextUpdateDue(
  severity: Severity,
  declaredAt: Date,
  lastUpdateAt: Date | null,
  cadence: UpdateCadence = DEFAULT_CADENCE,
): Date | null {
  if (lastUpdateAt === null) return new Date(declaredAt.getTime() + cadence.firstWithinMinutes * 60_000);
  const every = cadence.everyMinutes[severity];
  if (every === null) return null;
  return new Date(lastUpdateAt.getTime() + every * 60_000);
}
