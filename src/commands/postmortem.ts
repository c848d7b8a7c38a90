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
import { describe as describeFinding, postmortemFindings } from '../machine/blameless-hints.js';
import { cleanInput } from '../domain/sanitize.js';
import { EventLog } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';
import { EXIT } from './exit-codes.js';

export async function postmortem(
  services: Services,
  id: string | undefined,
  opts: { out?: string; stdout?: boolean; reviewed?: boolean; by?: string },
  io: Output,
): Promise<number> {
  if (opts.out && opts.stdout) throw new UserError('--out and --stdout: choose one.', EXIT.usage);
  if (opts.by !== undefined && !opts.reviewed) throw new UserError('--by names who reviewed it: use it with --reviewed.', EXIT.usage);
  const store = await IncidentStore.open(services.stateDir);
  const incident = pickIncident(store, id, { fallbackToLatest: true });
  if (opts.reviewed) {
    if (incident.status !== 'closed')
      throw new UserError(`Incident ${incident.id} is still open: finish it (\`incident\`) before marking its post-mortem reviewed.`);
    const by = cleanInput(opts.by ?? services.actor);
    if (by === '') throw new UserError('--by needs a name: incident postmortem --reviewed --by "dana"', EXIT.usage);
    // Append only, like `incident note`: the record of the review is part of the incident's history.
    const log = EventLog.open(incidentDir(services.stateDir, incident.id), { actor: services.actor, now: services.now, repairTail: false });
    try {
      log.append({ type: 'postmortem.reviewed', phase: 'closed', data: { by } });
    } finally {
      log.close();
    }
  }
  const { entries, warnings } = store.readEntries(incident.id);
  for (const w of [...store.warnings, ...warnings]) io.err(`warning: ${w}`);
  // The tree the answers were given against: the team's, if it has one, else the built-in.
  const teamFile = teamSeverityFile({ flagDir: null, repoRoot: services.repo, env: process.env });
  const tree = teamFile ? await loadTeamSeverityTree(teamFile) : await loadSeverityTree();
  const facts = replay(tree, entries).context.facts;
  if (!facts) throw new UserError(`Incident ${incident.id} has no declaration in its timeline; nothing to write.`);
  const now = services.now();
  const findings = postmortemFindings(facts);
  if (findings.length > 0) {
    io.err(
      `Blameless check: ${findings.length} sentence${findings.length === 1 ? '' : 's'} to look at (the file has them as written; the author decides):`,
    );
    for (const f of findings) io.err(`  ${describeFinding(f)}: "${f.excerpt}" — ${f.suggestion}`);
  }
  if (opts.stdout) {
    io.out(
      renderPostmortem(facts, entries, {
        generatedAt: now.toISOString(),
        checklist: VERIFY_ITEMS.map((i) => ({ id: i.id, label: i.text })),
      }),
    );
    return EXIT.ok;
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
    return EXIT.ok;
  }
  const { path } = await writePostmortemFile({ facts, entries, root: facts.repo ?? services.cwd, now });
  io.out(path);
  if (incident.status !== 'closed') io.err('The incident is still open: this is a draft; `incident` finishes it.');
  else if (opts.reviewed) io.err('Marked reviewed: the status line says so. Commit the file to share it.');
  return EXIT.ok;
}
