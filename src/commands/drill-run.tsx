// `incident drill SCENARIO`: the scenario's world is started (a practice
// repository, the service on 127.0.0.1), the briefing is read, and Enter
// starts the clock of a real guided session against it — marked as a drill
// in the main state folder, so `incident list --drills` and `incident replay`
// find it and nothing offers to resume it. The end (post-mortem written, or
// q and "end the drill?") scores it from its timeline, shows the report and
// keeps it in <state>/drills/<id>.md; then the world is stopped and its
// folder removed. A signal or a crash stops the world too (drill.stop() with
// the index write, and the engine's exit hook removes the folder at the end).
import React from 'react';
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../services.js';
import type { Scenario } from '../drills/scenario.js';
import type { Drill } from '../drills/drill.js';
import { Session } from '../session/incident-session.js';
import { terminalLender } from './terminal-lender.js';
import { requireTerminal, runApp, sessionDeps, type TuiOptions } from './tui.js';
import type { Output } from './errors.js';
import { EXIT } from './exit-codes.js';
import { drillExpectation, drillView, faultStart } from '../drills/drill-expectation.js';
import { scoreDrill } from '../drills/score.js';
import { drillReportLines, drillReportMarkdown, type ReportLine } from '../drills/report.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../timeline/private-mode.js';
import { writeFileAtomicSync } from '../timeline/fsync-file.js';

export interface DrillRunOptions extends TuiOptions {
  /** Faults, leaks and ramps run this many times faster than the clock. */
  speed: number;
}

export async function runDrill(services: Services, scenario: Scenario, io: Output, opts: DrillRunOptions): Promise<number> {
  requireTerminal('a drill');
  const { startDrill } = await import('../drills/drill-world.js');
  const drill = await startDrill(scenario, { speed: opts.speed });
  try {
    return await playDrill(services, scenario, drill, io, opts);
  } finally {
    await drill.stop();
  }
}

async function playDrill(services: Services, scenario: Scenario, drill: Drill, io: Output, opts: DrillRunOptions): Promise<number> {
  const terminal = terminalLender(process.stdin, process.stdout);
  let session: Session | null = null;
  // The drill's repository is "this repository": culprits, the rollback and the post-mortem work there.
  const drillServices: Services = { ...services, repo: drill.repoDir, cwd: drill.repoDir };
  const { store, deps, loadRunbooks } = await sessionDeps(drillServices, services.stateDir, terminal, {
    ...opts,
    drill: true,
    probeCa: drill.ca,
    incidentId: () => session?.id ?? '',
  });
  session = Session.fresh({
    ...deps,
    drill: { scenario: scenario.id, view: drillView(scenario, drill.url), act: (id) => drill.act(id) },
  });
  const s = session;
  let clockStartedAt: number | null = null;
  const host = new URL(drill.origin).host;
  const briefing = {
    title: scenario.title,
    text: scenario.briefing,
    notes: [
      'This is a drill: nothing real is touched.',
      `The service runs on ${host} (${drill.url}) from a practice repository in ${drill.repoDir}.`,
      'git works there as in yours (log, revert, push to its own origin); it is all removed when the drill ends.',
      ...(drill.speed !== 1 ? [`Faults run ${drill.speed}× faster than the clock.`] : []),
      'q (or Ctrl-C) asks whether to end the drill; the score comes at the end.',
    ],
  };

  await runApp(
    store,
    terminal,
    {
      id: () => s.id,
      poll: () => s.refreshEntries(),
      close: (how) => {
        s.endDrill(how === 'left' ? (s.actor.getSnapshot().status === 'done' ? 'finished' : 'left') : 'stopped');
        s.close();
      },
      stop: () => drill.stop(),
      farewell: (signal) =>
        `incident: stopped by ${signal}. The drill${s.id ? ` ${s.id}` : ''} is recorded; its service and folder are gone.`,
    },
    (Root, onSuspend) => (
      <Root
        open={[]}
        initial={s}
        openSession={() => ({ ok: false, error: 'not available in a drill' })}
        now={services.now}
        rawInput
        loadRunbooks={loadRunbooks}
        onSuspend={onSuspend}
        briefing={{ briefing, onStart: () => (clockStartedAt = services.now().getTime()) }}
      />
    ),
  );
  for (const w of store.warnings) io.err(`warning: ${w}`);
  const facts = s.actor.getSnapshot().context.facts;
  if (clockStartedAt === null || !s.id || !facts) {
    await drill.stop();
    io.err(clockStartedAt === null ? 'Left before the drill started: nothing was recorded.' : 'Nothing was declared: nothing to score.');
    return EXIT.ok;
  }
  const score = scoreDrill({
    facts,
    entries: s.entries,
    expected: drillExpectation(scenario, drill.commits),
    ...faultStart(scenario, drill.startedAt.getTime(), drill.speed, clockStartedAt),
    cadence: s.cadence,
  });
  const input = {
    score,
    scenario: { id: scenario.id, title: scenario.title },
    incident: { id: s.id, title: facts.title },
    debrief: scenario.debrief,
  };
  const dir = join(services.stateDir, 'drills');
  let reportPath: string | null = null;
  let postmortemCopy: string | null = null;
  try {
    ensurePrivateDir(dir);
    reportPath = join(dir, `${s.id}.md`);
    // Private like the timeline (0600): it says who did what, and how well.
    writeFileAtomicSync(reportPath, drillReportMarkdown(input));
    // The post-mortem was written into the practice repository, which is about to go.
    if (facts.postmortemPath && existsSync(facts.postmortemPath)) {
      postmortemCopy = join(dir, `${s.id}-postmortem.md`);
      copyFileSync(facts.postmortemPath, postmortemCopy);
      chmodSync(postmortemCopy, PRIVATE_FILE_MODE);
    }
  } catch (error) {
    io.err(`warning: could not keep the drill report in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  await drill.stop();
  const paint = colour(process.stdout.isTTY === true && !process.env.NO_COLOR);
  io.out('');
  for (const line of drillReportLines(input)) io.out(paint(line));
  io.out('');
  if (reportPath) io.out(`Drill report: ${reportPath}`);
  if (postmortemCopy) io.out(`Its post-mortem: ${postmortemCopy}`);
  io.out(`Timeline: \`incident replay ${s.id}\` · \`incident list --drills\`. The drill service and its folder are gone.`);
  return EXIT.ok;
}

const TONE: Record<ReportLine['tone'], string> = { good: '32', warn: '33', info: '1', dim: '2' };

function colour(on: boolean): (line: ReportLine) => string {
  return (line) => (on ? `\u001B[${TONE[line.tone]}m${line.text}\u001B[0m` : line.text);
}
