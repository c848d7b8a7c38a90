// Writes the post-mortem into the repository, atomically, never over another
// incident's document that happens to share the date and title.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncidentFacts } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import { VERIFY_ITEMS } from '../domain/verify-checklist.js';
import { writeFileAtomic } from '../timeline/fsync-file.js';
import { postmortemRelPath } from './path.js';
import { renderPostmortem } from './render.js';

export interface WriteRequest {
  facts: IncidentFacts;
  entries: readonly TimelineEntry[];
  /** Where docs/incidents/ goes: the incident's repository, else the working directory. */
  root: string;
  now: Date;
}

export async function writePostmortemFile({ facts, entries, root, now }: WriteRequest): Promise<{ path: string }> {
  const rel = postmortemRelPath(facts);
  let path = join(root, rel);
  for (let n = 2; existsSync(path) && !readFileSync(path, 'utf8').includes(facts.id); n++) {
    path = join(root, rel.replace(/\.md$/, `-${n}.md`));
  }
  mkdirSync(dirname(path), { recursive: true });
  const text = renderPostmortem(facts, entries, {
    generatedAt: now.toISOString(),
    checklist: VERIFY_ITEMS.map((i) => ({ id: i.id, label: i.text })),
  });
  await writeFileAtomic(path, text);
  // A document for the team's repository, not private state: readable like any other file there.
  chmodSync(path, 0o644);
  return { path };
}
