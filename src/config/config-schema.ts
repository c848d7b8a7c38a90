// The config file (`config.yaml`, see the README's Configuration section):
// the status-update cadence and where updates are posted. Every key is
// optional; what a file leaves out comes from the other file, then from the
// defaults, which are the severity policy's. The webhook URL itself is never
// a key: it is a credential (Slack's path is the secret), so the file names
// the environment variable that holds it.
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../domain/types.js';
import { DEFAULT_CADENCE, type UpdateCadence } from '../domain/severity-policy.js';

export const WEBHOOK_FORMATS = ['slack', 'json'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** A portable environment variable name (POSIX: letters, digits, underscore, not starting with a digit). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_MINUTES = 24 * 60;
export const MAX_TIMEOUT_SECONDS = 60;
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 5;

const minutes = z.number().int().min(1).max(MAX_MINUTES);
// `webhook:` with nothing under it is YAML null: read as "not set", not as an error.
const optionalMap = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();

export const webhookFileSchema = z.strictObject({
  url_env: z.string().regex(ENV_NAME).optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  timeout_seconds: z.number().positive().max(MAX_TIMEOUT_SECONDS).optional(),
});

export const everyMinutesFileSchema = z.strictObject({
  'SEV-1': minutes.nullable().optional(),
  'SEV-2': minutes.nullable().optional(),
  'SEV-3': minutes.nullable().optional(),
  'SEV-4': minutes.nullable().optional(),
});

export const updatesFileSchema = z.strictObject({
  first_within_minutes: minutes.optional(),
  every_minutes: optionalMap(everyMinutesFileSchema),
  webhook: optionalMap(webhookFileSchema),
});

/** One file as written: everything optional. */
export const configFileSchema = z.strictObject({
  updates: optionalMap(updatesFileSchema),
});

export type ConfigFile = z.output<typeof configFileSchema>;

/** The keys each map may hold, by the dotted path of the map ("" is the top). */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(configFileSchema.shape),
  updates: Object.keys(updatesFileSchema.shape),
  'updates.every_minutes': Object.keys(everyMinutesFileSchema.shape),
  'updates.webhook': Object.keys(webhookFileSchema.shape),
};

const sevMinutes = `whole minutes from 1 to ${MAX_MINUTES}, or null for one update at resolution`;

/** What each key takes, in the words a problem line uses ("expected …"). */
export const FIELD_HELP: Readonly<Record<string, string>> = {
  '': 'a map with "updates:" at the top',
  updates: 'a map with first_within_minutes, every_minutes and webhook',
  'updates.first_within_minutes': `whole minutes from 1 to ${MAX_MINUTES}`,
  'updates.every_minutes': 'a map from SEV-1 … SEV-4 to minutes',
  ...Object.fromEntries(SEVERITIES.map((s) => [`updates.every_minutes.${s}`, sevMinutes])),
  'updates.webhook': 'a map with url_env, format and timeout_seconds',
  'updates.webhook.url_env': 'the NAME of an environment variable (letters, digits, _), e.g. INCIDENT_WEBHOOK_URL',
  'updates.webhook.format': WEBHOOK_FORMATS.join(' or '),
  'updates.webhook.timeout_seconds': `seconds, more than 0 and at most ${MAX_TIMEOUT_SECONDS}`,
};

export interface WebhookConfig {
  /** The environment variable holding the URL; the URL is read at send time and kept nowhere. */
  urlEnv: string;
  format: WebhookFormat;
  timeoutSeconds: number;
}

export interface IncidentConfig {
  updates: {
    firstWithinMinutes: number;
    everyMinutes: Readonly<Record<Severity, number | null>>;
    /** Null: updates are not posted anywhere (still shown, copied and appended to updates.md). */
    webhook: WebhookConfig | null;
  };
}

export const DEFAULT_CONFIG: IncidentConfig = {
  updates: { firstWithinMinutes: DEFAULT_CADENCE.firstWithinMinutes, everyMinutes: DEFAULT_CADENCE.everyMinutes, webhook: null },
};

/** Files merged (the later one wins key by key) over the defaults. A webhook without url_env is no webhook. */
export function resolveConfig(files: readonly ConfigFile[]): IncidentConfig {
  const updates = files.map((f) => f.updates ?? {});
  const last = <T>(pick: (u: NonNullable<ConfigFile['updates']>) => T | undefined): T | undefined =>
    updates.reduce<T | undefined>((found, u) => pick(u) ?? found, undefined);
  const everyMinutes = { ...DEFAULT_CONFIG.updates.everyMinutes };
  for (const sev of SEVERITIES) {
    // null is a value here (only at resolution), so "not written" is undefined.
    for (const u of updates) if (u.every_minutes?.[sev] !== undefined) everyMinutes[sev] = u.every_minutes[sev];
  }
  const urlEnv = last((u) => u.webhook?.url_env);
  return {
    updates: {
      firstWithinMinutes: last((u) => u.first_within_minutes) ?? DEFAULT_CONFIG.updates.firstWithinMinutes,
      everyMinutes,
      webhook:
        urlEnv === undefined
          ? null
          : {
              urlEnv,
              format: last((u) => u.webhook?.format) ?? 'slack',
              timeoutSeconds: last((u) => u.webhook?.timeout_seconds) ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
            },
    },
  };
}

/** The cadence `nextUpdateDue`, `updateDueAt` and `draftUpdate` take (domain/severity-policy.ts). */
export function cadenceFrom(config: IncidentConfig): UpdateCadence {
  return { firstWithinMinutes: config.updates.firstWithinMinutes, everyMinutes: { ...config.updates.everyMinutes } };
}
