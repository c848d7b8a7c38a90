// Where runbooks come from, in order: `--runbooks DIR`, `<git root>/.incident/runbooks/`,
// `$XDG_CONFIG_HOME/incident/runbooks/` (else ~/.config), then the built-in
// ones. The first runbook with an id wins and says which one it overrode. A
// broken file is reported and skipped; it never hides the others.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { stripControl } from '../domain/sanitize.js';
import type { Runbook, RunbookOrigin } from '../domain/runbook.js';
import { isError, lintRunbook, type LintOptions, type Problem } from './lint-runbook.js';
import { MAX_RUNBOOK_BYTES, parseRunbookYaml, type RunbookParse } from './load-runbook.js';
import { parseMarkdownRunbook } from './markdown-runbook.js';
import { runbookSearchPath } from './runbook-search-path.js';
import { FirstById } from './first-by-id.js';

export { runbookSearchPath };

/** Markdown → Runbook (markdown-runbook.ts). Warnings may come mixed into `problems` (with `level: 'warning'`) or apart. */
export type MarkdownLoader = (text: string, file: string, origin: RunbookOrigin) => RunbookParse & { warnings?: Problem[] };

export interface DiscoverOptions extends Pick<LintOptions, 'checkCommands' | 'commandExists'> {
  /** `--runbooks DIR`, already resolved against the working directory. */
  flagDir?: string | null;
  repoRoot?: string | null;
  env?: NodeJS.ProcessEnv;
  builtinDir?: string | null;
  /** Markdown runbooks; defaults to markdown-runbook.ts. `null`: .md files are not read. */
  loadMarkdown?: MarkdownLoader | null;
}

export type DiscoveredRunbook = Runbook & { overrides: RunbookOrigin | null };

export interface Discovery {
  runbooks: DiscoveredRunbook[];
  problems: Problem[];
  /** Every runbook file read, in search order (for "N runbooks" in lint). */
  files: string[];
  /** The folders searched, in order, with where each comes from (missing ones left out). */
  dirs: Array<{ dir: string; origin: RunbookOrigin }>;
}

export const RUNBOOK_EXTENSIONS = ['.yaml', '.yml', '.md'] as const;

/** The folders searched, in order; a folder may not exist. */

/** Loads one runbook file (YAML or Markdown) and lints it; never throws. */
export function loadRunbookAt(
  file: string,
  origin: RunbookOrigin,
  options: Pick<DiscoverOptions, 'loadMarkdown' | 'checkCommands' | 'commandExists'> = {},
): RunbookParse {
  const fail = (message: string): RunbookParse => ({ runbook: null, problems: [{ file, line: 1, col: 1, step: null, message }] });
  const ext = extname(file).toLowerCase();
  if (!(RUNBOOK_EXTENSIONS as readonly string[]).includes(ext))
    return fail(`not a runbook: expected a ${RUNBOOK_EXTENSIONS.join(', ')} file`);
  const markdown = options.loadMarkdown === undefined ? parseMarkdownRunbook : options.loadMarkdown;
  if (ext === '.md' && !markdown) return fail('Markdown runbooks cannot be read by this version');
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail('not a file');
    if (stat.size > MAX_RUNBOOK_BYTES)
      return fail(`file is ${Math.ceil(stat.size / 1024)} KiB; a runbook may be at most ${MAX_RUNBOOK_BYTES / 1024} KiB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // Escape sequences in runbook text would reach the terminal (a title, a bell, a hidden command): gone before parsing.
  const clean = stripControl(text);
  const stripped: Problem[] =
    clean === text.replace(/\r\n?/g, '\n')
      ? []
      : [
          {
            file,
            line: 1,
            col: 1,
            step: null,
            message: 'control characters (terminal escape sequences) were removed from this runbook',
            level: 'warning',
          },
        ];
  text = clean;
  const lint = { checkCommands: options.checkCommands, commandExists: options.commandExists };
  if (ext !== '.md') {
    const yaml = parseRunbookYaml(text, file, origin, lint);
    return { ...yaml, problems: [...stripped, ...yaml.problems] };
  }
  let parsed: RunbookParse;
  try {
    const result = markdown!(text, file, origin);
    const warnings = (result.warnings ?? []).map((w): Problem => ({ ...w, level: 'warning' }));
    parsed = { runbook: result.runbook, problems: [...stripped, ...result.problems, ...warnings] };
  } catch (error) {
    return fail(`cannot read this Markdown runbook: ${(error as Error).message}`);
  }
  if (!parsed.runbook || parsed.problems.some(isError)) return { runbook: null, problems: parsed.problems };
  // The Markdown loader builds the Runbook; the same checks apply to it.
  const seen = new Set(parsed.problems.map((p) => `${p.line}:${p.col}:${p.message}`));
  const problems = [...parsed.problems, ...lintRunbook(parsed.runbook, lint).filter((p) => !seen.has(`${p.line}:${p.col}:${p.message}`))];
  return { runbook: problems.some(isError) ? null : parsed.runbook, problems };
}

export function discoverRunbooks(opts: DiscoverOptions): Discovery {
  const steps = discoverSteps(opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, giving the event loop a turn after each file: parsing a library
 * takes a few hundred milliseconds, and keys typed meanwhile must not wait.
 */
export async function discoverRunbooksAsync(opts: DiscoverOptions): Promise<Discovery> {
  const steps = discoverSteps(opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Yields after each file read. */
function* discoverSteps(opts: DiscoverOptions): Generator<void, Discovery> {
  const problems: Problem[] = [];
  const files: string[] = [];
  const winners = new FirstById<Runbook>();
  const searched = new Set<string>();
  const dirs: Discovery['dirs'] = [];
  for (const { dir, origin } of runbookSearchPath(opts)) {
    let real: string;
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      real = realpathSync(dir);
    } catch {
      if (origin === 'flag') problems.push({ file: dir, line: 1, col: 1, step: null, message: '--runbooks: no such folder' });
      continue;
    }
    // The same folder reached twice (--runbooks pointing at the built-ins) is read once, as the first.
    if (searched.has(real)) continue;
    searched.add(real);
    dirs.push({ dir, origin });
    winners.nextFolder();
    const markdown = opts.loadMarkdown === undefined ? parseMarkdownRunbook : opts.loadMarkdown;
    // Without a Markdown reader, .md files (READMEs, notes) are simply not runbooks.
    for (const name of runbookFilesIn(dir).filter((n) => markdown || extname(n).toLowerCase() !== '.md')) {
      const file = join(dir, name);
      files.push(file);
      const { runbook, problems: found } = loadRunbookAt(file, origin, opts);
      yield;
      problems.push(...found);
      if (!runbook) continue;
      const twin = winners.add(runbook, file, name, origin);
      if (twin) problems.push(twin);
    }
  }
  return { runbooks: winners.values(), problems, files, dirs };
}

/** Runbook files directly in `dir` (not in subfolders such as drills/), sorted; hidden files, README.md and the schema skipped. */
function runbookFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter(
      (name) =>
        !name.startsWith('.') &&
        !/^readme\.md$/i.test(name) &&
        (RUNBOOK_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()),
    )
    .filter((name) => {
      try {
        return statSync(join(dir, name)).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}
