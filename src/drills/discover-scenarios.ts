// Where drill scenarios come from: a `drills/` folder in each place runbooks
// come from, in the same order (`--runbooks DIR`, the repository's
// .incident/runbooks/, the user's, then the built-in runbooks/drills/). The
// first scenario with an id wins; a broken file is reported and skipped, and
// never hides the others.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Problem } from '../runbooks/lint-runbook.js';
import { FirstById } from '../runbooks/first-by-id.js';
import { runbookSearchPath } from '../runbooks/runbook-search-path.js';
import { loadScenarioFile } from './load-scenario.js';
import type { Scenario, ScenarioOrigin } from './scenario.js';

export const DRILLS_FOLDER = 'drills';
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml'] as const;

export interface ScenarioSearchOptions {
  flagDir?: string | null;
  repoRoot?: string | null;
  env?: NodeJS.ProcessEnv;
  /** The built-in runbooks folder; its drills/ holds the built-in scenarios. */
  builtinDir?: string | null;
}

export type DiscoveredScenario = Scenario & { overrides: ScenarioOrigin | null };

export interface ScenarioDiscovery {
  scenarios: DiscoveredScenario[];
  problems: Problem[];
  /** Every scenario file read, in search order. */
  files: string[];
}

export function scenarioSearchPath(opts: ScenarioSearchOptions): Array<{ dir: string; origin: ScenarioOrigin }> {
  return runbookSearchPath(opts).map(({ dir, origin }) => ({ dir: join(dir, DRILLS_FOLDER), origin }));
}

/** Is this file a drill scenario rather than a runbook? It sits in a drills/ folder. */
export function isScenarioFile(file: string): boolean {
  return basename(dirname(file)) === DRILLS_FOLDER && (SCENARIO_EXTENSIONS as readonly string[]).includes(extname(file).toLowerCase());
}

export function discoverScenarios(opts: ScenarioSearchOptions): ScenarioDiscovery {
  const problems: Problem[] = [];
  const files: string[] = [];
  const winners = new FirstById<Scenario>();
  const searched = new Set<string>();
  for (const { dir, origin } of scenarioSearchPath(opts)) {
    let real: string;
    try {
      if (!statSync(dir).isDirectory()) continue;
      real = realpathSync(dir);
    } catch {
      continue;
    }
    if (searched.has(real)) continue;
    searched.add(real);
    winners.nextFolder();
    for (const name of scenarioFilesIn(dir)) {
      const file = join(dir, name);
      files.push(file);
      const { scenario, problems: found } = loadScenarioFile(file, origin);
      problems.push(...found);
      if (!scenario) continue;
      const twin = winners.add(scenario, file, name, origin);
      if (twin) problems.push(twin);
    }
  }
  return { scenarios: winners.values(), problems, files };
}

function scenarioFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.startsWith('.') && (SCENARIO_EXTENSIONS as readonly string[]).includes(extname(n).toLowerCase()))
    .filter((n) => {
      try {
        return statSync(join(dir, n)).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}
