// `incident drill --list [--json]`: the drill scenarios found (the drills/
// folder of --runbooks DIR, of the repository's .incident/runbooks/, of the
// user's, then the built-in ones), with the severity a good responder would
// declare. Nothing that gives the answer away (culprit, right moves) is shown.
import { closeMatches, formatProblem, isError } from '../runbooks/lint-runbook.js';
import type { DiscoveredScenario } from '../drills/discover-scenarios.js';
import { columns } from './columns.js';
import type { Services } from '../services.js';
import { resolve } from 'node:path';
import { UserError, type Output } from './errors.js';
import { EXIT } from './exit-codes.js';
import { ORIGIN_LABELS, clean, display, findScenarios, plural, type RunbookSourceOptions } from './runbook.js';

export interface DrillListOptions extends RunbookSourceOptions {
  json?: boolean;
}

export async function drillList(services: Services, opts: DrillListOptions, io: Output): Promise<number> {
  const found = findScenarios(services, opts);
  const broken = found.problems.filter(isError);
  if (broken.length > 0) {
    for (const p of broken) io.err(formatProblem({ ...p, file: display(services, p.file), message: clean(p.message) }));
    const files = new Set(broken.map((p) => p.file)).size;
    io.err(`${plural(files, 'drill scenario file')} could not be loaded; \`incident runbook lint\` checks them.`);
  }
  const scenarios = [...found.scenarios].sort((a, b) => a.id.localeCompare(b.id));
  if (opts.json) {
    const rows = scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      severity: s.expected.severity,
      service: s.service.name,
      origin: s.source.origin,
      file: s.source.file,
      overrides: s.overrides,
    }));
    io.out(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  if (scenarios.length === 0) {
    io.out('No drill scenarios found.');
    return EXIT.ok;
  }
  const rows = scenarios.map((s) => [s.id, s.expected.severity, clean(s.title), originLabel(s)]);
  for (const line of columns(['ID', 'SEVERITY', 'TITLE', 'ORIGIN'], rows)) io.out(line);
  return EXIT.ok;
}

export interface DrillRunFlags extends RunbookSourceOptions {
  /** `--speed N`, as typed. */
  speed?: string;
}

/** `incident drill SCENARIO`: checked here (no Ink loaded for a typo), run by drill-run.tsx. */
export async function drillRun(services: Services, id: string, opts: DrillRunFlags, io: Output): Promise<number> {
  const speed = parseSpeed(opts.speed);
  const found = findScenarios(services, opts);
  const scenario = found.scenarios.find((s) => s.id === id);
  if (!scenario) {
    const close = closeMatches(
      id,
      found.scenarios.map((s) => s.id),
    );
    const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : '';
    throw new UserError(`No drill scenario "${clean(id)}".${hint} \`incident drill --list\` shows them all.`);
  }
  const { runDrill } = await import('./drill-run.js');
  return runDrill(services, scenario, io, { speed, runbooksDir: opts.runbooks ? resolve(services.cwd, opts.runbooks) : null });
}

/** `--speed N`: a positive number, default 1. */
export function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UserError(`--speed must be a positive number (e.g. 10 for faults ten times faster), got "${clean(value)}"`, EXIT.usage);
  }
  return n;
}

function originLabel(s: DiscoveredScenario): string {
  return `${ORIGIN_LABELS[s.source.origin]}${s.overrides ? ` (overrides ${ORIGIN_LABELS[s.overrides]})` : ''}`;
}
