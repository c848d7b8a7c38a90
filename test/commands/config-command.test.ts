import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../src/commands/config.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
let env: NodeJS.ProcessEnv;
const io: Output = { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) };
const SECRET_URL = 'https://hooks.slack.com/services/T0AAAA/B0BBBB/s3cr3tS3cr3t';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

beforeEach(() => {
  tmp = makeTempDir('incident-config-cmd-');
  const repo = path.join(tmp.dir, 'repo');
  fs.mkdirSync(repo);
  services = { stateDir: path.join(tmp.dir, 'state'), now: () => new Date(), actor: 'a@b', host: 'b', pid: process.pid, cwd: repo, repo };
  env = { XDG_CONFIG_HOME: path.join(tmp.dir, 'xdg') };
  out = [];
});
afterEach(() => tmp.cleanup());

describe('incident config', () => {
  it('no files: says where it looked, prints the default cadence, exit 0', async () => {
    expect(await config(services, { env }, io)).toBe(0);
    expect(out).toEqual([
      'Config files: none, the defaults apply. Looked for:',
      `  ${path.join(tmp.dir, 'xdg', 'incident', 'config.yaml')}`,
      '  .incident/config.yaml',
      '',
      'Status updates:',
      '  first within 5 min of declaring',
      '  SEV-1 every 15 min · SEV-2 every 30 min · SEV-3 every hour · SEV-4 at resolution',
      '',
      'Webhook:',
      '  not configured: updates are shown, copied and appended to updates.md, not posted',
    ]);
  });

  it('both files and a webhook whose variable is set: the files, the merged cadence, the host only — never the URL', async () => {
    write(
      path.join(tmp.dir, 'xdg', 'incident', 'config.yaml'),
      'updates:\n  webhook: { url_env: TEAM_HOOK }\n  every_minutes: { SEV-1: 10 }\n',
    );
    write(
      path.join(services.repo!, '.incident', 'config.yaml'),
      'updates:\n  first_within_minutes: 3\n  webhook: { format: json, timeout_seconds: 8 }\n',
    );
    expect(await config(services, { env: { ...env, TEAM_HOOK: SECRET_URL } }, io)).toBe(0);
    expect(out).toEqual([
      'Config files read (a later one wins key by key):',
      `  ${path.join(tmp.dir, 'xdg', 'incident', 'config.yaml')}`,
      '  .incident/config.yaml',
      '',
      'Status updates:',
      '  first within 3 min of declaring',
      '  SEV-1 every 10 min · SEV-2 every 30 min · SEV-3 every hour · SEV-4 at resolution',
      '',
      'Webhook:',
      '  URL from $TEAM_HOOK, which is set (host hooks.slack.com)',
      '  format json · timeout 8 s',
    ]);
    expect(out.join('\n')).not.toContain('s3cr3t');
    expect(out.join('\n')).not.toContain('/services/');
  });

  it('problems: each at file:line:col (relative inside the repository), the variable unset, exit 1', async () => {
    write(
      path.join(services.repo!, '.incident', 'config.yaml'),
      `updates:\n  every_minutes: { SEV-2: often }\n  webhook:\n    url: ${SECRET_URL}\n    url_env: INCIDENT_WEBHOOK_URL\n`,
    );
    expect(await config(services, { env }, io)).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('  URL from $INCIDENT_WEBHOOK_URL, which is not set: updates will not be posted');
    expect(out.slice(out.indexOf('Problems (3; everything else, and the defaults, still apply):') + 1)).toEqual([
      '  .incident/config.yaml:2:27: updates.every_minutes.SEV-2: expected whole minutes from 1 to 1440, or null for one update at resolution, got text "often" — this key is ignored',
      expect.stringMatching(
        /^ {2}\.incident\/config\.yaml:4:10: updates\.webhook\.url: a URL never goes in a config file: put the URL in an environment variable and name it with url_env/,
      ),
      '  .incident/config.yaml:5:5: INCIDENT_WEBHOOK_URL is not set: updates will not be posted (export INCIDENT_WEBHOOK_URL=<the webhook URL> before running incident)',
    ]);
    expect(text).toContain('SEV-2 every 30 min');
    expect(text).not.toContain('s3cr3t');
  });
});
