// The scenario in README.md's Drills section is a valid scenario, and it
// behaves as it says: the culprit breaks /api/orders, its revert heals it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { parseScenarioYaml } from '../../src/drills/load-scenario.js';
import { startDrill } from '../../src/drills/drill-world.js';
import { formatProblem } from '../../src/runbooks/lint-runbook.js';
import { makeTempDir } from '../helpers/temp.js';

const tmp = makeTempDir('incident-drill-readme-');
afterAll(() => tmp.cleanup());

it('the Drills example in README.md lints clean and runs', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Drills'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  const { scenario, problems } = parseScenarioYaml(example!, 'README.md', 'flag');
  expect(problems.map(formatProblem)).toEqual([]);
  const drill = await startDrill(scenario!, { baseDir: tmp.dir });
  try {
    expect(drill.url).toMatch(/\/api\/orders$/);
    expect((await fetch(drill.url)).status).toBe(500);
    execFileSync('git', ['revert', '--no-edit', drill.culprit!.sha], { cwd: drill.repoDir, stdio: 'ignore' });
    expect((await fetch(drill.url)).status).toBe(200);
  } finally {
    await drill.stop();
  }
});
