// `incident postmortem [ID]`: the post-mortem regenerated from the timeline at
// any time — during the incident as a draft, or after notes were backfilled.
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { replay } from '../session/incident-session.js';
import { renderPostmortem } from '../postmortem/render.js';
import { writePostmortemFile } from '../postmortem/write-postmortem.js';
import { writeFileAtomic } from '../timeline/fsync-file.js';
import { VERIFY_ITEMS } from '../domain/verify-checklist.js';
import { loadSeverityTree } from '../runbooks/severity-tree.js';
import { loadTeamSeverityTree, teamSeverityFile } from '../runbooks/team-severity-tree.js';
import { UserError, type Output } from './errors.js';
import { pickIncident } from './pick-incident.js';

export async function postmortem(
  services: Services,
  id: string | undefined,
  opts: { out?: string; stdout?: boolean },
  io: Output,
): Promise<number> {
  if (opts.out && opts.stdout) throw new UserError('--out and --stdout: choose one.', 2);
  const store = await IncidentStore.open(services.stateDir);
  const incident = pickIncident(store, id, { fallbackToLatest: true });
  const { entries, warnings } = store.readEntries(incident.id);
  for (const w of [...store.warnings, ...warnings]) io.err(`warning: ${w}`);
  // The tree the answers were given against: the team's, if it has one, else the built-in.
  const teamFile = teamSeverityFile({ flagDir: null, repoRoot: services.repo, env: process.env });
  const tree = teamFile ? await loadTeamSeverityTree(teamFile) : await loadSeverityTree();
  const facts = replay(tree, entries).context.facts;
  if (!facts) throw new UserError(`Incident ${incident.id} has no declaration in its timeline; nothing to write.`);
  const now = services.now();
  if (opts.stdout) {
    io.out(
      renderPostmortem(facts, entries, {
        generatedAt: now.toISOString(),
        checklist: VERIFY_ITEMS.map((i) => ({ id: i.id, label: i.text })),
      }),
    );
    return 0;
  }
  if (opts.out) {
    const file = resolve(services.cwd, opts.out);
    await writeFileAtomic(
      file,
      renderPostmortem(facts, entries, {
        generatedAt: now.toISOString(),
        checklist: VERIFY_ITEMS.map((i) => ({ id: i.id, label: i.text })),
      }),
    );
    chmodSync(file, 0o644);
    io.out(file);
    return 0;
  }
  const { path } = await writePostmortemFile({ facts, entries, root: facts.repo ?? services.cwd, now });
  io.out(path);
  if (incident.status !== 'closed') io.err('The incident is still open: this is a draft; `incident` finishes it.');
  return 0;
}
