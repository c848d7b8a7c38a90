// Recent commits ranked as likely culprits, with risk signals read from the
// top candidates' diffs: shared by `incident diagnose` and the TUI.
import { CLOCK_SKEW_MINUTES, rankCommits, riskSignals, type RankedCommit } from '../domain/culprit.js';
import type { CulpritSummary } from '../domain/incident.js';

const DIFF_CANDIDATES = 5;
const DIFF_BYTES = 256 * 1024;

/** Runs `tasks` at most `n` at a time, keeping their order. */
async function pool<T>(tasks: (() => Promise<T>)[], n: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
  return results;
}

export interface CulpritResult {
  ranked: RankedCommit[];
  warnings: string[];
  error: string | null;
}

export async function findCulprits(repo: string, start: Date, hours: number): Promise<CulpritResult> {
  const { loadRecentCommits, diffOf } = await import('../git/recent-commits.js');
  const { GitClientError } = await import('../git/git-client.js');
  const warnings: string[] = [];
  let loaded;
  try {
    // A little past the start: commits from a machine whose clock runs behind are kept, ranked down.
    loaded = await loadRecentCommits(repo, { until: new Date(start.getTime() + CLOCK_SKEW_MINUTES * 60_000), sinceHours: hours });
  } catch (error) {
    if (error instanceof GitClientError) {
      // An empty repository is an answer, not a failure: nothing could have been deployed from it.
      if (error.kind === 'no-commits') return { ranked: [], warnings: [error.message], error: null };
      return { ranked: [], warnings, error: error.message };
    }
    throw error;
  }
  warnings.push(...loaded.warnings);
  const first = rankCommits(loaded.commits, start, { windowHours: hours });
  const top = first.slice(0, DIFF_CANDIDATES);
  const signals = new Map<string, string[]>();
  await pool(
    top.map((c) => async () => {
      try {
        const { diff, truncated } = await diffOf(repo, c.sha, { maxBytes: DIFF_BYTES });
        signals.set(c.sha, riskSignals(diff));
        if (truncated)
          warnings.push(`The diff of ${c.shortSha} is larger than ${DIFF_BYTES / 1024} KiB: risk signals come from its start only.`);
      } catch (error) {
        if (!(error instanceof GitClientError)) throw error;
        warnings.push(`Could not read the diff of ${c.shortSha}: ${error.message}`);
      }
    }),
    2,
  );
  return { ranked: signals.size > 0 ? rankCommits(loaded.commits, start, { windowHours: hours, signals }) : first, warnings, error: null };
}

/** What the timeline keeps of a ranked commit (not its file list). */
export function toCulpritSummary(c: RankedCommit): CulpritSummary {
  return {
    sha: c.sha,
    shortSha: c.shortSha,
    at: c.at,
    author: c.author,
    subject: c.subject,
    score: c.score,
    reasons: c.reasons,
    signals: c.signals,
    isMerge: c.isMerge,
    filesChanged: c.files.length,
  };
}
