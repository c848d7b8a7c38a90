// `incident replay ID`: steps through a past incident's timeline — real,
// practice or drill, open or closed — with long gaps compressed. Read-only:
// it takes no lock and writes nothing, so it can run beside a live session.
import React from 'react';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { replayPlan, type ReplayPlan } from '../domain/replay-plan.js';
import { UserError, type Output } from './errors.js';
import { pickIncident } from './pick-incident.js';
import { loadInk } from './load-ink.js';

export interface ReplayOptions {
  /** "2" plays twice as fast; long gaps stay about a second whatever the speed. */
  speed?: string;
}

/** Draws the screen until it is quit; the default is Ink on this terminal, tests pass their own. */
export type Mount = (element: React.ReactElement, quit: Promise<void>) => Promise<void>;

const MIN_SPEED = 0.1;
const MAX_SPEED = 50;

export async function replay(services: Services, id: string, opts: ReplayOptions, io: Output, mount: Mount = mountInk): Promise<number> {
  const speed = parseSpeed(opts.speed);
  const plan = await loadPlan(services, id, io);
  let quit = () => undefined as void;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  // The screen's module imports Ink: loaded under the same work-around as the TUI.
  const { ReplayApp } = await loadInk(() => import('../ui/replay-app.js'));
  await mount(<ReplayApp plan={plan} speed={speed} onQuit={() => quit()} />, quitting);
  return 0;
}

export function parseSpeed(input: string | undefined): number {
  if (input === undefined) return 1;
  const n = Number(input.trim().replace(/^x|x$/i, ''));
  if (!Number.isFinite(n) || n < MIN_SPEED || n > MAX_SPEED)
    throw new UserError(`--speed "${input}" is not a speed: use a number from ${MIN_SPEED} to ${MAX_SPEED} (2 = twice as fast).`, 2);
  return n;
}

/** The incident by id or unique prefix: among real incidents and drills, else among practice walkthroughs. */
export async function loadPlan(services: Services, id: string, io: Output): Promise<ReplayPlan> {
  const store = await IncidentStore.open(services.stateDir);
  for (const w of store.warnings) io.err(`warning: ${w}`);
  let found = store.find(id) ? store : null;
  const practiceDir = join(services.stateDir, 'practice');
  if (!found && existsSync(practiceDir)) {
    const practice = await IncidentStore.open(practiceDir);
    if (practice.find(id)) found = practice;
  }
  // Not found anywhere: the usual message (no such id, or which ones a prefix matches).
  const from = found ?? store;
  const incident = pickIncident(from, id, { fallbackToLatest: false });
  const { entries, warnings } = from.readEntries(incident.id);
  for (const w of warnings) io.err(`warning: ${w}`);
  if (entries.length === 0) throw new UserError(`Incident ${incident.id} has nothing recorded to replay.`);
  return replayPlan(incident.id, entries);
}

async function mountInk(element: React.ReactElement, quit: Promise<void>): Promise<void> {
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new UserError('incident: replay needs an interactive terminal. `incident timeline ID` prints the same events.', 2);
  }
  const { render } = await import('ink');
  const app = render(element, { exitOnCtrlC: false, patchConsole: false });
  await quit;
  app.unmount();
  await app.waitUntilExit();
}
