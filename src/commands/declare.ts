// `incident declare "TITLE"`: for scripts and alert hooks. The TUI resumes it.
import { SEVERITIES, type Severity } from '../domain/types.js';
import { cleanInput } from '../domain/sanitize.js';
import { parseServiceUrl } from '../domain/url.js';
import { maskUrl } from '../domain/secrets.js';
import { parseStartTime } from '../domain/time-parse.js';
import { formatUtc } from '../domain/format-time.js';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { openNewIncidentLog } from '../session/new-incident.js';
import { UserError, type Output } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface DeclareOptions {
  severity?: string;
  url?: string;
  started?: string;
}

export function parseSeverity(input: string): Severity {
  const m = /^(?:sev)?-?\s*([1-4])$/i.exec(input.trim());
  const sev = m ? (`SEV-${m[1]}` as Severity) : null;
  if (!sev || !SEVERITIES.includes(sev))
    throw new UserError(`--severity "${input}" is not a severity: use SEV-1, SEV-2, SEV-3 or SEV-4 (or 1-4).`, EXIT.usage);
  return sev;
}

export async function declare(services: Services, rawTitle: string, opts: DeclareOptions, io: Output): Promise<number> {
  const title = cleanInput(rawTitle);
  if (title === '') throw new UserError('Say what is broken: incident declare "Checkout returns 500"', EXIT.usage);
  const severity = opts.severity ? parseSeverity(opts.severity) : null;
  let url: string | null = null;
  if (opts.url) {
    const parsed = parseServiceUrl(opts.url);
    if (!parsed.ok) throw new UserError(`--url: ${parsed.error}`, EXIT.usage);
    // Credentials in a URL never reach the timeline.
    url = maskUrl(parsed.url);
  }
  let startedAt: string | null = null;
  let startedNote: string | null = null;
  if (opts.started) {
    const parsed = parseStartTime(opts.started, services.now());
    if (!parsed.ok) throw new UserError(`--started: ${parsed.error}`, EXIT.usage);
    startedAt = parsed.at.toISOString();
    startedNote = parsed.note;
  }
  const store = await IncidentStore.open(services.stateDir);
  for (const w of store.warnings) io.err(`warning: ${w}`);
  const { id, log } = openNewIncidentLog(services.stateDir, title, { actor: services.actor, now: services.now });
  try {
    const data = {
      id,
      title,
      actor: services.actor,
      repo: services.repo,
      url,
      startedAt,
      startedInput: opts.started ?? null,
      startedNote,
      severity,
      source: 'cli',
    };
    log.append({ type: 'incident.declared', phase: 'declare', data });
    if (severity) log.append({ type: 'severity.set', phase: 'declare', data: { severity, source: 'declared', path: [] } });
  } finally {
    log.close();
  }
  await store.refresh(id);
  io.out(id);
  io.err(`Declared ${severity ?? '(severity not set)'}: ${title}${startedAt ? ` — started ${formatUtc(startedAt)}` : ''}`);
  if (startedNote) io.err(`  ${startedNote}`);
  io.err('Run `incident` to continue with triage.');
  return EXIT.ok;
}
