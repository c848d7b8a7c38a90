import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../../src/commands/load-settings.js';
import { DEFAULT_CADENCE } from '../../src/domain/severity-policy.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('incident-settings-');
});
afterEach(() => tmp.cleanup());

describe('loadSettings', () => {
  it('without a config file: the policy cadence, no webhook, nothing to say', async () => {
    const env = { XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), HOME: tmp.dir };
    expect(await loadSettings(join(tmp.dir, 'repo'), env)).toEqual({ cadence: DEFAULT_CADENCE, webhook: null, notices: [] });
  });

  it("a team's file sets the cadence and the webhook; a problem becomes one notice", async () => {
    const repo = join(tmp.dir, 'repo');
    mkdirSync(join(repo, '.incident'), { recursive: true });
    writeFileSync(
      join(repo, '.incident', 'config.yaml'),
      'updates:\n  every_minutes:\n    SEV-1: 10\n    SEV-9: 3\n  webhook:\n    url_env: TEAM_HOOK\n    format: json\n',
    );
    const env = { XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), HOME: tmp.dir, TEAM_HOOK: 'https://hooks.example.test/abc' };
    const s = await loadSettings(repo, env);
    expect(s.cadence.everyMinutes['SEV-1']).toBe(10);
    expect(s.webhook?.target).toMatchObject({ host: 'hooks.example.test', envName: 'TEAM_HOOK', format: 'json' });
    expect(s.notices).toHaveLength(1);
    expect(s.notices[0]).toMatch(/^config: .*config\.yaml:4:\d+: .*SEV-9/);
  });
});
