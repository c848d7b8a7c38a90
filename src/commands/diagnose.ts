// `incident diagnose [--url URL] [--at TIME] [--since DURATION] [--repo DIR] [--json]`:
// one-shot diagnostics for scripts and for a quick look — the site's health
// and the commits most likely to have caused the incident, with their reasons.
// Exit 0 when it ran (whatever it found), 1 when git could not be read, 2 for
// a usage mistake.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseStartTime } from '../domain/time-parse.js';
import { parseServiceUrl } from '../domain/url.js';
import { formatLocal, formatUtc } from '../domain/format-time.js';
import { describeProbe, type ProbeResult } from '../domain/probe.js';
import { spanText, type ChangedFile, type RankedCommit } from '../domain/culprit.js';
import { findCulprits, toCulpritSummary, type CulpritResult } from '../git/find-culprits.js';
import type { CulpritSummary } from '../domain/incident.js';
import { maskDeep } from '../domain/secrets.js';
import type { Services } from '../services.js';
import { UserError, type Output } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface DiagnoseOptions {
  url?: string;
  at?: string;
  since?: string;
  repo?: string;
  json?: boolean;
  /** How many ranked commits to print (default 20); a string as commander passes it is fine. */
  limit?: number | string;
}

/** A commit as printed: what the timeline keeps of it, plus tags, parents and the files (capped). */
export type DiagnosedCommit = Omit<CulpritSummary, 'filesChanged'> & {
  tags: string[];
  parents: string[];
  files: ChangedFile[];
  filesTotal: number;
};

export interface DiagnoseReport {
  /** The incident's start (UTC ISO). */
  at: string;
  /** How --at was read, when not literally ("14:05 is later than now — interpreted as yesterday …"). */
  atNote: string | null;
  window: { from: string; to: string; hours: number };
  repo: string | null;
  /** The health probe's result for --url; null without --url. */
  site: ProbeResult | null;
  /** Most likely first; at most `limit`. */
  commits: DiagnosedCommit[];
  /** Commits that could have caused it (in the window, not after the start). */
  commitsInWindow: number;
  warnings: string[];
  /** Why the commits could not be read (git missing, not a repository, timed out …); null when they were. */
  error: string | null;
}

const DEFAULT_SINCE = '48h';
const MAX_SINCE_HOURS = 90 * 24;
const DEFAULT_LIMIT = 20;
const MAX_FILES = 50;
/** Diffs read for risk signals: the top few candidates, two at a time. */

const UNITS: Record<string, number> = { m: 1 / 60, h: 1, d: 24, w: 24 * 7 };

/** "48h", "2d", "90m", "1w", "36 hours" → hours; null when it is not a duration. */
export function parseSince(input: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\s*$/i.exec(input);
  if (!m) return null;
  const unit = (m[2] ?? 'h').toLowerCase();
  const hours = Number(m[1]) * (UNITS[unit.charAt(0)] ?? 1);
  return hours > 0 ? hours : null;
}

function toDiagnosed(c: RankedCommit): DiagnosedCommit {
  const { filesChanged, ...summary } = toCulpritSummary(c);
  return { ...summary, tags: c.tags, parents: c.parents, files: c.files.slice(0, MAX_FILES), filesTotal: filesChanged };
}

function repoFrom(services: Services, option: string | undefined): string | null {
  if (option === undefined) return services.repo;
  const dir = resolve(services.cwd, option);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UserError(`--repo: ${dir} is not a directory`, EXIT.usage);
  return dir;
}

export async function diagnose(services: Services, opts: DiagnoseOptions, io: Output): Promise<number> {
  const now = services.now();
  const parsedAt = parseStartTime(opts.at ?? '', now);
  if (!parsedAt.ok) throw new UserError(`--at: ${parsedAt.error}`, EXIT.usage);
  const hours = parseSince(opts.since ?? DEFAULT_SINCE);
  if (hours === null) throw new UserError(`--since "${opts.since}" is not a duration: use e.g. 48h, 2d, 90m or 1w.`, EXIT.usage);
  if (hours > MAX_SINCE_HOURS)
    throw new UserError(`--since ${opts.since} is longer than ${MAX_SINCE_HOURS / 24} days; narrow it down.`, EXIT.usage);
  let url: string | null = null;
  if (opts.url !== undefined) {
    const parsed = parseServiceUrl(opts.url);
    if (!parsed.ok) throw new UserError(`--url: ${parsed.error}`, EXIT.usage);
    url = parsed.url;
  }
  const limit = opts.limit === undefined ? DEFAULT_LIMIT : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit "${opts.limit}": give a whole number of at least 1`, EXIT.usage);
  const repo = repoFrom(services, opts.repo);
  const start = parsedAt.at;
  const from = new Date(start.getTime() - hours * 3_600_000);

  // The probe and git run side by side; undici is loaded only when there is a URL.
  const siteWarnings: string[] = [];
  const sitePromise =
    url === null
      ? Promise.resolve(null)
      : probeSite(url, services).catch((error: unknown) => {
          siteWarnings.push(`--url: the health probe failed: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        });
  const culprits: CulpritResult =
    repo === null
      ? { ranked: [], warnings: [], error: `${services.cwd} is not inside a git repository (use --repo DIR)` }
      : await findCulprits(repo, start, hours);
  const site = await sitePromise;

  // Commit subjects, git's messages and the probe's errors are text from
  // outside: a token in a subject is printed as ghp_****.
  const report: DiagnoseReport = maskDeep({
    at: start.toISOString(),
    atNote: parsedAt.note,
    window: { from: from.toISOString(), to: start.toISOString(), hours },
    repo,
    site,
    commits: culprits.ranked.slice(0, limit).map(toDiagnosed),
    commitsInWindow: culprits.ranked.length,
    warnings: [...siteWarnings, ...culprits.warnings],
    error: culprits.error,
  });
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else printReport(report, now, io);
  return culprits.error === null ? EXIT.ok : EXIT.failure;
}

/** The site's health (the probe never throws for a network problem: it reports it). */
async function probeSite(url: string, services: Services): Promise<ProbeResult> {
  const { probeHealth } = await import('../probes/health-probe.js');
  return probeHealth(url, { now: services.now });
}

function printReport(r: DiagnoseReport, now: Date, io: Output): void {
  io.out(`Incident start: ${formatLocal(r.at, now)} (${formatUtc(r.at)})${r.atNote ? ` — ${r.atNote}` : ''}`);
  if (r.site !== null) io.out(`Site: ${describeProbe(r.site)}`);
  if (r.error !== null) {
    for (const w of r.warnings) io.err(`warning: ${w}`);
    io.err(`incident: ${r.error}`);
    return;
  }
  io.out(`Commits in ${r.repo} from the ${spanText(r.window.hours * 3_600_000)} before the start: ${r.commitsInWindow}`);
  if (r.commits.length === 0)
    io.out('  none — the cause is probably not a commit in this repository (config, data, traffic, a dependency?).');
  r.commits.forEach((c, i) => {
    io.out('');
    const merge = c.isMerge ? ' (merge)' : '';
    io.out(
      `${String(i + 1).padStart(2)}. [${String(c.score).padStart(3)}] ${c.shortSha}${merge} ${formatLocal(c.at, now)}  ${c.author}  ${c.subject}`,
    );
    for (const reason of c.reasons) io.out(`        - ${reason}`);
    for (const signal of c.signals) io.out(`        ! ${signal}`);
  });
  if (r.commitsInWindow > r.commits.length)
    io.out(`\n…and ${r.commitsInWindow - r.commits.length} more (lower scores); --json lists them with --limit.`);
  for (const w of r.warnings) io.err(`warning: ${w}`);
}
