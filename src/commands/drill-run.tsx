// `incident drill SCENARIO`: the scenario's world is started (a practice
// repository, the service on 127.0.0.1), the briefing is read, and Enter
// starts the clock of a real guided session against it — marked as a drill
// in the main state folder, so `incident list --drills` and `incident replay`
// find it and nothing offers to resume it. The end (post-mortem written, or
// q and "end the drill?") scores it from its timeline, shows the report and
// keeps it in <state>/drills/<id>.md; then the world is stopped and its
// folder removed. A signal stops the world too, after keeping the report of
// the drill as it stood (drill.stop() with the index write, and the engine's
// exit hook removes the folder at the end); a crash stops it without one.
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
import { drillReportLines, drillReportMarkdown, type DrillReportInput, type ReportLine } from '../drills/report.js';
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
  // Once, whichever way the drill ends: the person leaving, or a signal (a closed terminal) on the way out.
  let keptOnce: KeptReport | null | undefined;
  const keep = (): KeptReport | null =>
    keptOnce === undefined ? (keptOnce = keepReport(services.stateDir, scenario, drill, s, clockStartedAt)) : keptOnce;
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
      farewell: (signal) => {
        let report: string | null = null;
        try {
          report = keep()?.reportPath ?? null;
        } catch {
          // Scoring failed on the way out: the timeline is kept, and `incident replay` shows it.
        }
        return `incident: stopped by ${signal}. The drill${s.id ? ` ${s.id}` : ''} is recorded${report ? `, scored as it stood: ${report}` : ''}; its service and folder are gone.`;
      },
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
  const kept = keep();
  await drill.stop();
  if (!kept) {
    io.err(clockStartedAt === null ? 'Left before the drill started: nothing was recorded.' : 'Nothing was declared: nothing to score.');
    return EXIT.ok;
  }
  if (kept.problem) io.err(`warning: ${kept.problem}`);
  const paint = colour(process.stdout.isTTY === true && !process.env.NO_COLOR);
  io.out('');
  for (const line of drillReportLines(kept.input)) io.out(paint(line));
  io.out('');
  if (kept.reportPath) io.out(`Drill report: ${kept.reportPath}`);
  if (kept.postmortemCopy) io.out(`Its post-mortem: ${kept.postmortemCopy}`);
  io.out(`Timeline: \`incident replay ${s.id}\` · \`incident list --drills\`. The drill service and its folder are gone.`);
  return EXIT.ok;
}

interface KeptReport {
  input: DrillReportInput;
  reportPath: string | null;
  postmortemCopy: string | null;
  problem: string | null;
}

/**
 * Scores the drill from its timeline as it stands and keeps the report (and a
 * copy of the post-mortem, whose practice repository is about to go) in
 * <state>/drills/. Null when there is nothing to score. Synchronous: it also
 * runs on the way out of a signal.
 */
function keepReport(stateDir: string, scenario: Scenario, drill: Drill, s: Session, clockStartedAt: number | null): KeptReport | null {
  const facts = s.actor.getSnapshot().context.facts;
  if (clockStartedAt === null || !s.id || !facts) return null;
  const input: DrillReportInput = {
    score: scoreDrill({
      facts,
      entries: s.entries,
      expected: drillExpectation(scenario, drill.commits),
      ...faultStart(scenario, drill.startedAt.getTime(), drill.speed, clockStartedAt),
      cadence: s.cadence,
    }),
    scenario: { id: scenario.id, title: scenario.title },
    incident: { id: s.id, title: facts.title },
    debrief: scenario.debrief,
  };
  const dir = join(stateDir, 'drills');
  const kept: KeptReport = { input, reportPath: null, postmortemCopy: null, problem: null };
  try {
    ensurePrivateDir(dir);
    // Private like the timeline (0600): it says who did what, and how well.
    writeFileAtomicSync(join(dir, `${s.id}.md`), drillReportMarkdown(input));
    kept.reportPath = join(dir, `${s.id}.md`);
    if (facts.postmortemPath && existsSync(facts.postmortemPath)) {
      copyFileSync(facts.postmortemPath, join(dir, `${s.id}-postmortem.md`));
      chmodSync(join(dir, `${s.id}-postmortem.md`), PRIVATE_FILE_MODE);
      kept.postmortemCopy = join(dir, `${s.id}-postmortem.md`);
    }
  } catch (error) {
    kept.problem = `could not keep the drill report in ${dir}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return kept;
}

const TONE: Record<ReportLine['tone'], string> = { good: '32', warn: '33', info: '1', dim: '2' };

function colour(on: boolean): (line: ReportLine) => string {
  return (line) => (on ? `\u001B[${TONE[line.tone]}m${line.text}\u001B[0m` : line.text);
}
