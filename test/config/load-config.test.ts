import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, webhookTarget } from '../../src/config/load-config.js';
import { cadenceFrom, DEFAULT_CONFIG } from '../../src/config/config-schema.js';
import { nextUpdateDue } from '../../src/domain/severity-policy.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
let xdg: string;
let repo: string;
let userFile: string;
let repoFile: string;

beforeEach(() => {
  tmp = makeTempDir('incident-config-');
  xdg = path.join(tmp.dir, 'xdg');
  repo = path.join(tmp.dir, 'repo');
  userFile = path.join(xdg, 'incident', 'config.yaml');
  repoFile = path.join(repo, '.incident', 'config.yaml');
});
afterEach(() => tmp.cleanup());

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const SECRET_URL = 'https://hooks.slack.com/services/T0AAAA/B0BBBB/s3cr3tS3cr3tS3cr3t';

function load(env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ repoRoot: repo, env: { XDG_CONFIG_HOME: xdg, ...env } });
}

describe('loadConfig', () => {
  it('no files: the defaults, nothing read, no problems', () => {
    const got = load();
    expect(got).toEqual({ config: DEFAULT_CONFIG, sources: [], problems: [] });
    expect(cadenceFrom(got.config)).toEqual({
      firstWithinMinutes: 5,
      everyMinutes: { 'SEV-1': 15, 'SEV-2': 30, 'SEV-3': 60, 'SEV-4': null },
    });
  });

  it('the repository file overrides the user file key by key', () => {
    write(
      userFile,
      [
        'updates:',
        '  first_within_minutes: 10',
        '  every_minutes: { SEV-1: 10, SEV-2: 20 }',
        '  webhook:',
        '    url_env: TEAM_HOOK',
        '    format: json',
        '',
      ].join('\n'),
    );
    write(
      repoFile,
      ['updates:', '  every_minutes:', '    SEV-2: 25', '    SEV-4: 120', '  webhook:', '    timeout_seconds: 2.5', ''].join('\n'),
    );
    const got = load({ TEAM_HOOK: SECRET_URL });
    expect(got.problems).toEqual([]);
    expect(got.sources).toEqual([userFile, repoFile]);
    expect(got.config.updates).toEqual({
      firstWithinMinutes: 10,
      everyMinutes: { 'SEV-1': 10, 'SEV-2': 25, 'SEV-3': 60, 'SEV-4': 120 },
      webhook: { urlEnv: 'TEAM_HOOK', format: 'json', timeoutSeconds: 2.5 },
    });
    expect(webhookTarget(got.config, { TEAM_HOOK: SECRET_URL })).toEqual({
      url: SECRET_URL,
      envName: 'TEAM_HOOK',
      host: 'hooks.slack.com',
      format: 'json',
      timeoutMs: 2500,
    });
  });

  it('null for a severity means one update at resolution, and overrides a number', () => {
    write(userFile, 'updates:\n  every_minutes: { SEV-3: 45 }\n');
    write(repoFile, 'updates:\n  every_minutes:\n    SEV-3: null\n');
    const cadence = cadenceFrom(load().config);
    expect(cadence.everyMinutes['SEV-3']).toBeNull();
    const declared = new Date('2026-11-25T02:10:00.000Z');
    expect(nextUpdateDue('SEV-3', declared, new Date('2026-11-25T02:14:00.000Z'), cadence)).toBeNull();
    expect(nextUpdateDue('SEV-3', declared, null, cadence)?.toISOString()).toBe('2026-11-25T02:15:00.000Z');
  });

  it('an empty file and empty sections are fine', () => {
    write(userFile, '# nothing yet\n');
    write(repoFile, 'updates:\n  webhook:\n  every_minutes:\n');
    const got = load();
    expect(got.problems).toEqual([]);
    expect(got.config).toEqual(DEFAULT_CONFIG);
    expect(got.sources).toHaveLength(2);
  });

  it('a relative XDG_CONFIG_HOME is ignored (XDG spec): ~/.config is used', () => {
    const home = path.join(tmp.dir, 'home');
    write(path.join(home, '.config', 'incident', 'config.yaml'), 'updates:\n  first_within_minutes: 3\n');
    const got = loadConfig({ repoRoot: null, env: { XDG_CONFIG_HOME: 'relative/dir', HOME: home } });
    expect(got.config.updates.firstWithinMinutes).toBe(3);
  });
});

describe('bad input: one line at file:line:col, what is wrong and what to do; the rest still applies', () => {
  it.each<[string, string, RegExp]>([
    [
      'an unclosed flow map',
      'updates:\n  every_minutes: { SEV-1: 10\n',
      /^config\.yaml:2:18: YAML syntax: this \{ is never closed with \} — this file is ignored until it is fixed$/,
    ],
    ['a tab', 'updates:\n\tfirst_within_minutes: 10\n', /^config\.yaml:2:1: tab used for indentation at line 2; YAML needs spaces/],
    [
      'a duplicate key',
      'updates:\n  first_within_minutes: 10\n  first_within_minutes: 20\n',
      /^config\.yaml:3:3: duplicate key "first_within_minutes"/,
    ],
    [
      'an unknown key',
      'updates:\n  every_minute: { SEV-1: 10 }\n',
      /^config\.yaml:2:3: unknown key "every_minute" in updates: did you mean "every_minutes"\?$/,
    ],
    [
      'an unknown severity',
      'updates:\n  every_minutes:\n    sev1: 10\n',
      /^config\.yaml:3:5: unknown key "sev1" in updates.every_minutes: did you mean "SEV-1"\?$/,
    ],
    ['an unknown top-level key', 'cadence: 5\n', /^config\.yaml:1:1: unknown key "cadence": expected one of updates$/],
    [
      'text for minutes',
      'updates:\n  first_within_minutes: soon\n',
      /^config\.yaml:2:25: updates.first_within_minutes: expected whole minutes from 1 to 1440, got text "soon" — this key is ignored$/,
    ],
    [
      'a fraction of a minute',
      'updates:\n  every_minutes:\n    SEV-2: 2.5\n',
      /^config\.yaml:3:12: updates.every_minutes.SEV-2: expected whole minutes from 1 to 1440, or null for one update at resolution, got a number \(2.5\)/,
    ],
    ['zero minutes', 'updates:\n  first_within_minutes: 0\n', /^config\.yaml:2:25: updates.first_within_minutes: expected whole minutes/],
    [
      'an unknown format',
      'updates:\n  webhook:\n    url_env: HOOK\n    format: teams\n',
      /^config\.yaml:4:13: updates.webhook.format: expected slack or json, got text "teams"/,
    ],
    [
      'a timeout too long',
      'updates:\n  webhook:\n    url_env: HOOK\n    timeout_seconds: 600\n',
      /^config\.yaml:4:22: updates.webhook.timeout_seconds: expected seconds, more than 0 and at most 60, got a number \(600\)/,
    ],
    [
      'a list for a map',
      'updates:\n  webhook: [HOOK]\n',
      /^config\.yaml:2:3: updates.webhook: expected a map with url_env, format and timeout_seconds, got a list/,
    ],
    ['not a map at all', '- updates\n', /^config\.yaml:1:1: expected a map with "updates:" at the top, got a list — this file is ignored$/],
    [
      'a bad variable name',
      'updates:\n  webhook:\n    url_env: my-hook\n',
      /^config\.yaml:3:14: updates.webhook.url_env: expected the NAME of an environment variable \(letters, digits, _\), e.g. INCIDENT_WEBHOOK_URL, got something else/,
    ],
    [
      'a webhook without url_env',
      'updates:\n  webhook:\n    format: json\n',
      /^config\.yaml:2:3: updates.webhook has no url_env: name the environment variable that holds the webhook URL \(url_env: INCIDENT_WEBHOOK_URL\); updates will not be posted$/,
    ],
  ])('%s', (_name, text, message) => {
    write(repoFile, text);
    const got = load({ HOOK: 'http://127.0.0.1:9/hook' });
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]!.replace(`${path.dirname(repoFile)}${path.sep}`, '')).toMatch(message);
  });

  it('a bad key drops only itself: the other keys of the same file still apply', () => {
    write(repoFile, 'updates:\n  first_within_minutes: never\n  every_minutes: { SEV-1: 7 }\n  webhook: { url_env: HOOK, colour: red }\n');
    const got = load({ HOOK: 'http://127.0.0.1:9/hook' });
    expect(got.problems.map((p) => p.split(': ')[0]!.replace(repoFile, 'F'))).toEqual(['F:2:25', 'F:4:29']);
    expect(got.config.updates.firstWithinMinutes).toBe(5);
    expect(got.config.updates.everyMinutes['SEV-1']).toBe(7);
    expect(got.config.updates.webhook?.urlEnv).toBe('HOOK');
  });

  it('a syntax error ignores that file only: the user file still applies', () => {
    write(userFile, 'updates:\n  first_within_minutes: 2\n');
    write(repoFile, 'updates:\n  first_within_minutes: "3\n');
    const got = load();
    expect(got.problems).toEqual([`${repoFile}:2:25: YAML syntax: this " quote is never closed — this file is ignored until it is fixed`]);
    expect(got.config.updates.firstWithinMinutes).toBe(2);
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ];
    write(repoFile, `${bomb.join('\n')}\n`);
    const got = load();
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatch(/:2:\d+: too many YAML aliases.* — this file is ignored$/);
    expect(got.config).toEqual(DEFAULT_CONFIG);
  });

  it('a folder where the file should be is a problem, not a crash', () => {
    fs.mkdirSync(repoFile, { recursive: true });
    expect(load().problems).toEqual([`${repoFile}:1:1: is a folder, not a file; config.yaml must be a YAML file`]);
  });
});

describe('the webhook URL never goes in a file, and is never shown', () => {
  it('a literal url: key is refused with what to do, and its value is not echoed', () => {
    write(repoFile, `updates:\n  webhook:\n    url: ${SECRET_URL}\n    format: slack\n`);
    const got = load();
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toBe(
      `${repoFile}:3:10: updates.webhook.url: a URL never goes in a config file: put the URL in an environment variable and name it with url_env (url_env: INCIDENT_WEBHOOK_URL); the URL is the credential, so if this file was shared or committed, make a new webhook`,
    );
    expect(got.config.updates.webhook).toBeNull();
  });

  it.each([
    [
      'a url: key holding something else',
      'updates:\n  webhook:\n    url: $SLACK_HOOK\n',
      /:3:5: updates.webhook.url: the webhook URL is never written in a config file: put the URL in an environment variable/,
    ],
    ['a webhook_url: key', 'updates:\n  webhook_url: x\n', /:2:3: updates.webhook_url: the webhook URL is never written/],
    [
      'the URL as url_env',
      `updates:\n  webhook:\n    url_env: ${SECRET_URL}\n`,
      /:3:14: updates.webhook.url_env: a URL never goes in a config file: put the URL in an environment variable/,
    ],
    ['the URL as the webhook', `updates:\n  webhook: ${SECRET_URL}\n`, /:2:12: updates.webhook: a URL never goes in a config file/],
    [
      'the URL in a wrong place',
      `updates:\n  every_minutes: { SEV-1: '${SECRET_URL}' }\n`,
      /:2:27: updates.every_minutes.SEV-1: a URL never goes in a config file/,
    ],
  ])('%s', (_name, text, message) => {
    write(repoFile, text);
    const got = load();
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatch(message);
    expect(got.problems.join('\n')).not.toContain('s3cr3t');
    expect(got.problems.join('\n')).not.toContain('/services/');
  });

  it('a variable named but not set is one line at url_env; updates are not posted', () => {
    write(userFile, 'updates:\n  webhook:\n    url_env: INCIDENT_WEBHOOK_URL\n');
    const got = load();
    expect(got.problems).toEqual([
      `${userFile}:3:5: INCIDENT_WEBHOOK_URL is not set: updates will not be posted (export INCIDENT_WEBHOOK_URL=<the webhook URL> before running incident)`,
    ]);
    expect(got.config.updates.webhook?.urlEnv).toBe('INCIDENT_WEBHOOK_URL');
    expect(webhookTarget(got.config, {})).toBeNull();
    expect(load({ INCIDENT_WEBHOOK_URL: '   ' }).problems).toHaveLength(1);
  });

  it('a variable holding no http(s) URL: said without showing what it holds', () => {
    write(userFile, 'updates:\n  webhook:\n    url_env: HOOK\n');
    for (const value of ['xoxb-s3cr3t-token', 'ftp://s3cr3t@example.com/x']) {
      const got = load({ HOOK: value });
      expect(got.problems).toEqual([
        `${userFile}:3:5: HOOK does not hold an http(s) URL: updates will not be posted (check what it is set to)`,
      ]);
      expect(webhookTarget(got.config, { HOOK: value })).toBeNull();
    }
  });
});
