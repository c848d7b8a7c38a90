// `incident runbook list|show|lint`: the runbooks found (--runbooks DIR, the
// repository's .incident/runbooks/, the user's, the built-in ones), one read
// as text, and the checks a runbook must pass, as `file:line:col: message`.
// Lint checks the drill scenarios (the drills/ folder of each) as well: one
// command for everything a team writes.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DEFAULT_DO_TIMEOUT_MS, type Runbook, type RunbookOrigin, type RunbookStep } from '../domain/runbook.js';
import { describeArgv } from '../domain/placeholders.js';
import { oneLine, stripControl } from '../domain/sanitize.js';
import { discoverRunbooks, loadRunbookAt, type DiscoveredRunbook, type Discovery } from '../runbooks/discover-runbooks.js';
import { closeMatches, formatProblem, isError, walkOrder, type Problem } from '../runbooks/lint-runbook.js';
import { choiceValue } from '../runbooks/load-runbook.js';
import { builtinRunbooksDir } from '../runbooks/runbooks-dir.js';
import { discoverScenarios, isScenarioFile, type ScenarioDiscovery } from '../drills/discover-scenarios.js';
import { loadScenarioFile } from '../drills/load-scenario.js';
import type { Services } from '../services.js';
import { UserError, type Output } from './errors.js';
import { columns } from './columns.js';
import { EXIT } from './exit-codes.js';

export interface RunbookSourceOptions {
  /** `--runbooks DIR`, searched first. */
  runbooks?: string;
  /** For tests: the environment ($XDG_CONFIG_HOME, $HOME) and the built-in folder. */
  env?: NodeJS.ProcessEnv;
  builtinDir?: string;
}

export const ORIGIN_LABELS: Record<RunbookOrigin, string> = { flag: '--runbooks', repo: 'repo', user: 'user', builtin: 'built-in' };

export function findRunbooks(services: Services, opts: RunbookSourceOptions, checkCommands = false): Discovery {
  return discoverRunbooks({
    flagDir: opts.runbooks ? resolve(services.cwd, opts.runbooks) : null,
    repoRoot: services.repo,
    env: opts.env ?? process.env,
    builtinDir: opts.builtinDir ?? builtinRunbooksDir(),
    checkCommands,
  });
}

/** Drill scenarios: the drills/ folder of each place runbooks come from. */
export function findScenarios(services: Services, opts: RunbookSourceOptions): ScenarioDiscovery {
  return discoverScenarios({
    flagDir: opts.runbooks ? resolve(services.cwd, opts.runbooks) : null,
    repoRoot: services.repo,
    env: opts.env ?? process.env,
    builtinDir: opts.builtinDir ?? builtinRunbooksDir(),
  });
}

/** A drill scenario rather than a runbook: in a drills/ folder, or a YAML file with both `service:` and `history:` at the top. */
function looksLikeScenario(file: string): boolean {
  if (isScenarioFile(file)) return true;
  if (!/\.ya?ml$/i.test(file)) return false;
  try {
    const text = readFileSync(file, 'utf8');
    return /^service:/m.test(text) && /^history:/m.test(text);
  } catch {
    return false;
  }
}

export async function runbookList(services: Services, opts: RunbookSourceOptions & { json?: boolean }, io: Output): Promise<number> {
  const found = findRunbooks(services, opts);
  reportBroken(services, found, io);
  const runbooks = [...found.runbooks].sort((a, b) => a.id.localeCompare(b.id));
  if (opts.json) {
    const rows = runbooks.map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      phase: r.phase,
      appliesWhen: r.appliesWhen,
      params: r.params,
      origin: r.source.origin,
      file: r.source.file,
      format: r.source.format,
      overrides: r.overrides,
    }));
    io.out(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  if (runbooks.length === 0) {
    io.out('No runbooks found.');
    return EXIT.ok;
  }
  const rows = runbooks.map((r) => [r.id, r.phase, clean(r.title), originLabel(r)]);
  for (const line of columns(['ID', 'PHASE', 'TITLE', 'ORIGIN'], rows)) io.out(line);
  return EXIT.ok;
}

export async function runbookShow(services: Services, id: string, opts: RunbookSourceOptions, io: Output): Promise<number> {
  const found = findRunbooks(services, opts);
  const runbook = found.runbooks.find((r) => r.id === id);
  if (!runbook) {
    const broken = found.problems.filter((p) => isError(p) && baseName(p.file) === id);
    if (broken.length > 0) {
      throw new UserError(
        [`runbook "${id}" cannot be loaded:`, ...broken.map((p) => `  ${formatProblem({ ...p, file: display(services, p.file) })}`)].join(
          '\n',
        ),
      );
    }
    const ids = found.runbooks.map((r) => r.id);
    const close = closeMatches(id, ids);
    const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : '';
    throw new UserError(`No runbook "${clean(id)}".${hint} \`incident runbook list\` shows them all.`);
  }
  for (const line of describeRunbook(runbook, display(services, runbook.source.file))) io.out(line);
  return EXIT.ok;
}

export async function runbookLint(services: Services, files: string[], opts: RunbookSourceOptions, io: Output): Promise<number> {
  let problems: Problem[];
  let count: number;
  let drills: number;
  if (files.length > 0) {
    const paths = files.map((f) => resolve(services.cwd, f));
    const scenarios = paths.filter(looksLikeScenario);
    problems = paths.flatMap((f) =>
      scenarios.includes(f) ? loadScenarioFile(f, 'flag').problems : loadRunbookAt(f, 'flag', { checkCommands: true }).problems,
    );
    count = paths.length - scenarios.length;
    drills = scenarios.length;
  } else {
    const found = findRunbooks(services, opts, true);
    const scenarios = findScenarios(services, opts);
    problems = [...found.problems, ...scenarios.problems];
    count = found.files.length;
    drills = scenarios.files.length;
  }
  for (const p of problems) io.out(formatProblem({ ...p, file: display(services, p.file), message: clean(p.message) }));
  const errors = problems.filter(isError).length;
  const warnings = problems.length - errors;
  const checked = `${plural(count, 'runbook')}${drills > 0 ? `, ${plural(drills, 'drill scenario')}` : ''}`;
  io.out(`${checked}, ${plural(errors, 'error')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}`);
  return errors > 0 ? EXIT.failure : EXIT.ok;
}

/** The runbook as text: what it is for, its parameters, then its steps in walk order. */
export function describeRunbook(runbook: DiscoveredRunbook | Runbook, file: string = runbook.source.file): string[] {
  const out: string[] = [];
  const overrides = 'overrides' in runbook && runbook.overrides ? `, overrides ${ORIGIN_LABELS[runbook.overrides]}` : '';
  out.push(`${runbook.id} — ${clean(runbook.title)}`);
  out.push(`Phase: ${runbook.phase} · ${ORIGIN_LABELS[runbook.source.origin]}${overrides} · ${file}`);
  if (runbook.summary) out.push('', ...block(runbook.summary, ''));
  if (runbook.appliesWhen.length > 0) out.push('', `Applies when: ${runbook.appliesWhen.map(clean).join('; ')}`);
  if (runbook.params.length > 0) {
    out.push('', 'Parameters:');
    const width = Math.max(...runbook.params.map((p) => p.name.length + 4));
    for (const p of runbook.params)
      out.push(`  ${`{{${p.name}}}`.padEnd(width)}  ${clean(p.prompt)}${p.example ? ` (e.g. ${clean(p.example)})` : ''}`);
  }
  if (runbook.allowCycles) out.push('', 'Steps may loop (cycles: allowed).');
  out.push('', `Steps, from "${runbook.start}":`);
  for (const id of walkOrder(runbook)) {
    out.push('', ...describeStep(runbook.steps[id]!));
  }
  return out;
}

function describeStep(step: RunbookStep): string[] {
  const title = step.title ? ` — ${clean(step.title)}` : '';
  const pad = '      ';
  const then = step.next ? [`${pad}→ ${step.next}`] : [];
  switch (step.kind) {
    case 'ask':
      return [
        `  ${step.id}  ask${title}`,
        ...block(step.question, pad),
        ...(step.help ? block(step.help, pad) : []),
        ...step.choices.map(
          (c) => `${pad}• ${clean(c.label)}${c.value !== choiceValue(c.label) ? ` [${clean(c.value)}]` : ''} → ${c.next}`,
        ),
      ];
    case 'check':
      return [`  ${step.id}  check ${step.check}${title}`, ...(step.text ? block(step.text, pad) : []), ...then];
    case 'do': {
      const flags = `${step.destructive ? '  ⚠ destructive' : ''}${step.timeoutMs !== DEFAULT_DO_TIMEOUT_MS ? `  (timeout ${formatMs(step.timeoutMs)})` : ''}`;
      return [`  ${step.id}  do${title}`, ...(step.text ? block(step.text, pad) : []), `${pad}$ ${showArgv(step.argv)}${flags}`, ...then];
    }
    case 'checklist':
      return [
        `  ${step.id}  checklist${title}`,
        ...(step.text ? block(step.text, pad) : []),
        ...step.items.map((item) => `${pad}[ ] ${clean(item)}`),
        ...then,
      ];
    case 'note':
      return [`  ${step.id}  note${title}`, ...block(step.markdown, pad), ...then];
    case 'end': {
      const o = step.outcome;
      const facts = [
        o.severity,
        o.recommendation ? `recommendation: ${o.recommendation}` : null,
        o.containment ? `containment: ${o.containment}` : null,
      ].filter(Boolean);
      return [
        `  ${step.id}  end${title}${facts.length > 0 ? `: ${facts.join(' · ')}` : ''}`,
        ...(o.because ? block(`because ${o.because}`, pad) : []),
        ...(o.text ? block(o.text, pad) : []),
      ];
    }
  }
}

export function reportBroken(services: Services, found: Discovery, io: Output): void {
  const errors = found.problems.filter(isError);
  if (errors.length === 0) return;
  const files = new Set(errors.map((p) => p.file));
  for (const p of errors) io.err(formatProblem({ ...p, file: display(services, p.file), message: clean(p.message) }));
  io.err(`${plural(files.size, 'runbook file')} could not be loaded; \`incident runbook lint\` checks them.`);
}

function originLabel(r: DiscoveredRunbook): string {
  return `${ORIGIN_LABELS[r.source.origin]}${r.overrides ? ` (overrides ${ORIGIN_LABELS[r.overrides]})` : ''}`;
}

/** A path inside the working directory is shown relative to it. */
export function display(services: Services, file: string): string {
  const rel = relative(services.cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Runbooks may come from anyone's repository: no terminal escapes reach the screen. */
export function clean(text: string): string {
  return oneLine(stripControl(text));
}

function block(text: string, prefix: string): string[] {
  return stripControl(text)
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => `${prefix}${l}`.trimEnd());
}

/** Argv as a shell would need it, except that `{{param}}` words stay bare (they are filled in before running). */
function showArgv(argv: readonly string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./{}-]+$/.test(word) && /\{\{/.test(word) ? word : describeArgv([word]))).join(' ');
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(ya?ml|md)$/i, '');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
