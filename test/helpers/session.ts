import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentStore } from '../../src/session/incident-store.js';
import type { SessionDeps } from '../../src/session/incident-session.js';
import { writePostmortemFile } from '../../src/postmortem/write-postmortem.js';
import { severityTree } from './severity-tree.js';

/** A clock that moves one second per reading, from a fixed start. */
export function steppingClock(startIso = '2026-11-25T02:10:00.000Z', stepMs = 1000): () => Date {
  let t = Date.parse(startIso);
  return () => new Date((t += stepMs));
}

/** A real git repository in `dir` (for the post-mortem's docs/incidents/). */
export function makeRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

export async function makeDeps(root: string, overrides: Partial<SessionDeps> = {}): Promise<SessionDeps> {
  const stateDir = join(root, 'state');
  const repo = makeRepo(join(root, 'repo'));
  const store = await IncidentStore.open(stateDir);
  const now = overrides.now ?? steppingClock();
  return {
    store,
    severityTree,
    now,
    actor: 'ana@laptop',
    repo,
    host: 'laptop',
    pid: process.pid,
    writePostmortem: ({ facts, entries }) => writePostmortemFile({ facts, entries, root: facts.repo ?? repo, now: now() }),
    ...overrides,
  };
}
