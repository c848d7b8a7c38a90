import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRunbooks, runbookSearchPath, type MarkdownLoader } from '../../src/runbooks/discover-runbooks.js';
import { formatProblem } from '../../src/runbooks/load-runbook.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
let dirs: { flag: string; repo: string; repoRunbooks: string; config: string; user: string; builtin: string; home: string };

const yaml = (id: string, title = `${id} runbook`) =>
  `id: ${id}\ntitle: ${title}\nphase: contain\nstart: a\nsteps:\n  a: { end: { text: Done } }\n`;
function put(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

beforeEach(() => {
  tmp = makeTempDir('incident-discover-');
  const d = tmp.dir;
  dirs = {
    flag: join(d, 'flag'),
    repo: join(d, 'repo'),
    repoRunbooks: join(d, 'repo', '.incident', 'runbooks'),
    config: join(d, 'config'),
    user: join(d, 'config', 'incident', 'runbooks'),
    builtin: join(d, 'builtin'),
    home: join(d, 'home'),
  };
  mkdirSync(dirs.flag, { recursive: true });
  put(dirs.builtin, 'alpha.yaml', yaml('alpha', 'Built-in alpha'));
  put(dirs.builtin, 'beta.yaml', yaml('beta', 'Built-in beta'));
  put(dirs.builtin, 'gamma.yml', yaml('gamma'));
  put(dirs.builtin, 'runbook.schema.json', '{"not": "a runbook"}');
  put(dirs.builtin, 'README.md', '# Not a runbook\n');
  put(join(dirs.builtin, 'drills'), 'drill.yaml', 'this: [is not read\n');
});
afterEach(() => tmp.cleanup());

const all = (extra: Partial<Parameters<typeof discoverRunbooks>[0]> = {}) =>
  discoverRunbooks({
    flagDir: dirs.flag,
    repoRoot: dirs.repo,
    env: { XDG_CONFIG_HOME: dirs.config, HOME: dirs.home },
    builtinDir: dirs.builtin,
    loadMarkdown: null,
    ...extra,
  });
const summary = (found: ReturnType<typeof all>) =>
  found.runbooks.map((r) => `${r.id} ${r.source.origin} ${r.title} overrides=${r.overrides}`);

describe('discoverRunbooks', () => {
  it('searches --runbooks, the repository, the user config, then the built-ins', () => {
    expect(runbookSearchPath({ flagDir: '/f', repoRoot: '/r', env: { XDG_CONFIG_HOME: '/x', HOME: '/h' }, builtinDir: '/b' })).toEqual([
      { dir: '/f', origin: 'flag' },
      { dir: '/r/.incident/runbooks', origin: 'repo' },
      { dir: '/x/incident/runbooks', origin: 'user' },
      { dir: '/b', origin: 'builtin' },
    ]);
    // A relative XDG_CONFIG_HOME is invalid (XDG spec): ~/.config is used.
    expect(runbookSearchPath({ env: { XDG_CONFIG_HOME: 'relative/config', HOME: '/h' } })).toEqual([
      { dir: '/h/.config/incident/runbooks', origin: 'user' },
    ]);
    expect(runbookSearchPath({ env: { HOME: '/h' } })).toEqual([{ dir: '/h/.config/incident/runbooks', origin: 'user' }]);
  });

  it('with only the built-ins: every runbook file, not the schema, not README.md, not drills/', () => {
    const found = all();
    expect(found.problems.map(formatProblem)).toEqual([]);
    expect(summary(found)).toEqual([
      'alpha builtin Built-in alpha overrides=null',
      'beta builtin Built-in beta overrides=null',
      'gamma builtin gamma runbook overrides=null',
    ]);
    expect(found.files).toEqual(['alpha.yaml', 'beta.yaml', 'gamma.yml'].map((f) => join(dirs.builtin, f)));
  });

  it('the first one found for an id wins and records which one it overrode', () => {
    put(dirs.user, 'beta.yaml', yaml('beta', 'User beta'));
    put(dirs.repoRunbooks, 'our-alpha.yaml', yaml('alpha', 'Repo alpha'));
    put(dirs.flag, 'alpha.yaml', yaml('alpha', 'Flag alpha'));
    put(dirs.flag, 'delta.yaml', yaml('delta', 'Flag delta'));
    const found = all();
    expect(found.problems).toEqual([]);
    expect(summary(found).sort()).toEqual([
      'alpha flag Flag alpha overrides=repo',
      'beta user User beta overrides=builtin',
      'delta flag Flag delta overrides=null',
      'gamma builtin gamma runbook overrides=null',
    ]);
    expect(found.dirs.map((d) => d.origin)).toEqual(['flag', 'repo', 'user', 'builtin']);
  });

  it('one broken runbook does not hide the others', () => {
    put(dirs.user, 'aaa-broken.yaml', 'id: broken\ntitle: Broken\nstart: a\nsteps:\n  a: { note: x, next: nowhere }\n');
    put(dirs.user, 'bad-syntax.yaml', 'id: [unclosed\n');
    put(dirs.user, 'zeta.yaml', yaml('zeta'));
    put(dirs.user, 'huge.yaml', `${yaml('huge')}# ${'x'.repeat(300 * 1024)}\n`);
    const found = all();
    expect(found.runbooks.map((r) => r.id).sort()).toEqual(['alpha', 'beta', 'gamma', 'zeta']);
    expect(found.problems.map(formatProblem)).toEqual([
      `${join(dirs.user, 'aaa-broken.yaml')}:5:23: step "a": next goes to "nowhere", which does not exist`,
      `${join(dirs.user, 'bad-syntax.yaml')}:1:5: YAML syntax: this [ is never closed with ]`,
      `${join(dirs.user, 'huge.yaml')}:1:1: file is 301 KiB; a runbook may be at most 256 KiB`,
    ]);
  });

  it('two files with the same id in one folder: the first (by name) is used, the second reported', () => {
    put(dirs.user, 'a.yaml', yaml('same', 'First'));
    put(dirs.user, 'b.yaml', yaml('same', 'Second'));
    const found = all();
    expect(found.runbooks.find((r) => r.id === 'same')?.title).toBe('First');
    expect(found.problems.map(formatProblem)).toEqual([
      `${join(dirs.user, 'b.yaml')}:1:1: id "same" is already used by a.yaml in the same folder; this one is ignored`,
    ]);
  });

  it('a missing --runbooks folder is reported; missing repo and user folders are normal', () => {
    const found = all({ flagDir: join(tmp.dir, 'nope') });
    expect(found.problems.map(formatProblem)).toEqual([`${join(tmp.dir, 'nope')}:1:1: --runbooks: no such folder`]);
    expect(found.runbooks).toHaveLength(3);
  });

  it('--runbooks pointing at the built-in folder reads it once, as --runbooks', () => {
    const found = all({ flagDir: dirs.builtin });
    expect(found.runbooks.map((r) => `${r.id}:${r.source.origin}:${r.overrides}`)).toEqual([
      'alpha:flag:null',
      'beta:flag:null',
      'gamma:flag:null',
    ]);
  });

  it('Markdown runbooks go to the injected loader, and are linted like the others', () => {
    put(dirs.user, 'wiki.md', '# Checkout is down\n');
    put(dirs.user, 'broken-wiki.md', '# Broken\n');
    const loadMarkdown = vi.fn<MarkdownLoader>((text, file, origin) => ({
      runbook: {
        id: file.endsWith('broken-wiki.md') ? 'broken-wiki' : 'wiki',
        title: text.slice(2).trim(),
        summary: '',
        appliesWhen: [],
        phase: 'any',
        params: [],
        start: 'a',
        steps: {
          a: { id: 'a', kind: 'note', title: null, next: file.endsWith('broken-wiki.md') ? null : 'z', line: 1, markdown: 'x' },
          z: {
            id: 'z',
            kind: 'end',
            title: null,
            next: null,
            line: 2,
            outcome: { severity: null, because: null, recommendation: null, containment: null, text: 'done' },
          },
        },
        allowCycles: false,
        source: { file, format: 'markdown', origin },
      },
      problems: [],
    }));
    const found = all({ loadMarkdown });
    expect(loadMarkdown).toHaveBeenCalledWith('# Checkout is down\n', join(dirs.user, 'wiki.md'), 'user');
    expect(loadMarkdown).toHaveBeenCalledTimes(2); // not the built-in README.md
    expect(found.runbooks.find((r) => r.id === 'wiki')?.source.format).toBe('markdown');
    expect(found.problems.map(formatProblem)).toEqual([
      `${join(dirs.user, 'broken-wiki.md')}:1:1: step "a": no next step and not an end; every path must reach an end (add next: or make it an end)`,
      `${join(dirs.user, 'broken-wiki.md')}:2:1: step "z" cannot be reached from "a"`,
    ]);
  });

  it('by default .md runbooks are read by markdown-runbook.ts', () => {
    put(
      dirs.repoRunbooks,
      'disk-full.md',
      '# Disk full\n\nSymptoms: no space left on device\n\n## Find what uses space\n\n```sh\ndf -h /var\n```\n\n## Clean up\n\n- [ ] Old logs rotated\n',
    );
    const found = discoverRunbooks({ repoRoot: dirs.repo, env: { HOME: dirs.home }, builtinDir: dirs.builtin });
    expect(found.problems.map(formatProblem)).toEqual([]);
    const disk = found.runbooks.find((r) => r.id === 'disk-full');
    expect(disk).toMatchObject({
      title: 'Disk full',
      appliesWhen: ['no space left on device'],
      source: { format: 'markdown', origin: 'repo' },
      overrides: null,
    });
    expect(found.files).not.toContain(join(dirs.builtin, 'README.md'));
  });

  it('without a Markdown loader, .md files are skipped without an error', () => {
    put(dirs.user, 'wiki.md', '# Checkout is down\n');
    const found = all({ loadMarkdown: null });
    expect(found.problems).toEqual([]);
    expect(found.files.some((f) => f.endsWith('.md'))).toBe(false);
  });
});
