import { describe, expect, it } from 'vitest';
import {
  classifyPath,
  rankCommits,
  riskSignals,
  spanText,
  type ChangedFile,
  type CommitInfo,
  type FileKind,
} from '../../src/domain/culprit.js';

const START = new Date('2026-03-10T12:00:00.000Z');
const minutesBefore = (m: number) => new Date(START.getTime() - m * 60_000).toISOString();

let n = 0;
function commit(over: Partial<CommitInfo> & { minutes: number; paths?: (string | ChangedFile)[] }): CommitInfo {
  const sha = (++n).toString(16).padStart(40, '0');
  const files = (over.paths ?? ['src/app.ts']).map((p) => (typeof p === 'string' ? { path: p, added: 5, deleted: 1, status: 'M' } : p));
  const { minutes: _m, paths: _p, ...rest } = over;
  return {
    sha,
    shortSha: sha.slice(-7),
    author: 'Ana Lee',
    at: minutesBefore(over.minutes),
    subject: `commit ${n}`,
    parents: ['f'.repeat(40)],
    isMerge: false,
    files,
    tags: [],
    ...rest,
  };
}

const big = (path: string, lines: number): ChangedFile => ({ path, added: lines, deleted: 0, status: 'M' });

describe('classifyPath', () => {
  it.each<[string, FileKind]>([
    ['db/migrate/20260310120000_add_index.rb', 'migration'],
    ['migrations/0042_drop_legacy.py', 'migration'],
    ['alembic/versions/abc123_add_users.py', 'migration'],
    ['src/main/resources/db/migration/V7__orders.sql', 'migration'],
    ['db/schema.rb', 'migration'],
    ['.env', 'config'],
    ['.env.production', 'config'],
    ['config/database.yml', 'config'],
    ['settings.py', 'config'],
    ['app/appsettings.Production.json', 'config'],
    ['nginx/site.conf', 'config'],
    ['next.config.js', 'config'],
    ['eslint.config.js', 'code'],
    ['package.json', 'dependency'],
    ['requirements.txt', 'dependency'],
    ['requirements-dev.txt', 'dependency'],
    ['go.mod', 'dependency'],
    ['Gemfile', 'dependency'],
    ['Cargo.toml', 'dependency'],
    ['pyproject.toml', 'dependency'],
    ['package-lock.json', 'lockfile'],
    ['yarn.lock', 'lockfile'],
    ['go.sum', 'lockfile'],
    ['Gemfile.lock', 'lockfile'],
    ['Cargo.lock', 'lockfile'],
    ['Dockerfile', 'infrastructure'],
    ['docker/Dockerfile.worker', 'infrastructure'],
    ['docker-compose.prod.yml', 'infrastructure'],
    ['k8s/deployment.yaml', 'infrastructure'],
    ['charts/api/values.yaml', 'infrastructure'],
    ['terraform/main.tf', 'infrastructure'],
    ['.github/workflows/deploy.yml', 'infrastructure'],
    ['.gitlab-ci.yml', 'infrastructure'],
    ['Procfile', 'infrastructure'],
    ['README.md', 'docs'],
    ['docs/architecture.png', 'docs'],
    ['CHANGELOG', 'docs'],
    ['LICENSE', 'docs'],
    ['test/api.test.ts', 'tests'],
    ['src/orders.spec.ts', 'tests'],
    ['pkg/orders/orders_test.go', 'tests'],
    ['tests/test_orders.py', 'tests'],
    ['spec/models/order_spec.rb', 'tests'],
    ['spec/migrations/add_index_spec.rb', 'tests'],
    ['src/orders.ts', 'code'],
    ['cmd/server/main.go', 'code'],
  ])('%s → %s', (path, kind) => {
    expect(classifyPath(path)).toBe(kind);
  });
});

describe('spanText', () => {
  it.each([
    [30_000, 'less than a minute'],
    [12 * 60_000, '12 min'],
    [60 * 60_000, '1 h'],
    [185 * 60_000, '3 h 5 min'],
    [28 * 3_600_000, '1 d 4 h'],
    [48 * 3_600_000, '2 d'],
  ])('%d ms → %s', (ms, text) => {
    expect(spanText(ms)).toBe(text);
  });
});

describe('rankCommits', () => {
  it('the culprit: a config change 10 min before beats docs 5 min before and a big commit 40 h before', () => {
    const culprit = commit({ minutes: 10, paths: ['config/database.yml'], subject: 'Lower the DB pool' });
    const docs = commit({ minutes: 5, paths: [big('docs/runbook.md', 40)], subject: 'Docs' });
    const rewrite = commit({ minutes: 40 * 60, paths: [big('src/orders.ts', 3000), big('src/pay.ts', 1200)], subject: 'Rewrite' });
    const ranked = rankCommits([docs, rewrite, culprit], START);
    expect(ranked.map((c) => c.subject)).toEqual(['Lower the DB pool', 'Rewrite', 'Docs']);
    expect(ranked[0]!.reasons).toEqual(['10 min before the start', '+5 −1 lines in 1 file', 'changes config/env: config/database.yml']);
    expect(ranked[1]!.reasons).toEqual(['1 d 16 h before the start', 'large change: +4,200 −0 lines in 2 files']);
    expect(ranked[2]!.reasons).toEqual(['5 min before the start', '+40 −0 lines in 1 file', 'docs only']);
    expect(ranked[0]!.score).toBeGreaterThan(2 * ranked[1]!.score);
    for (const r of ranked) expect(Number.isInteger(r.score) && r.score >= 0 && r.score <= 100).toBe(true);
  });

  it('nearer the start scores more, all else equal', () => {
    const scores = [5, 60, 6 * 60, 24 * 60, 47 * 60].map((m) => rankCommits([commit({ minutes: m })], START)[0]!.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[0]! - scores[2]!).toBeGreaterThanOrEqual(20); // six hours halves nearness
  });

  it('the window: older commits are left out', () => {
    const old = commit({ minutes: 49 * 60 });
    const recent = commit({ minutes: 30 });
    expect(rankCommits([old, recent], START).map((c) => c.sha)).toEqual([recent.sha]);
    expect(rankCommits([old, recent], START, { windowHours: 72 }).map((c) => c.sha)).toEqual([recent.sha, old.sha]);
    expect(rankCommits([old, recent], START, { windowHours: 0.25 })).toEqual([]);
  });

  it('after the start: excluded, except within the clock-skew allowance where it is heavily down-ranked', () => {
    const later = commit({ minutes: -30, paths: ['db/migrate/001_x.rb'] });
    const skewed = commit({ minutes: -2, paths: ['config/app.yml'] });
    const plain = commit({ minutes: 240 });
    const ranked = rankCommits([later, skewed, plain], START);
    expect(ranked.map((c) => c.sha)).toEqual([plain.sha, skewed.sha]);
    expect(ranked[1]!.reasons[0]).toBe('committed 2 min after the start — a cause only if clocks disagree');
    expect(ranked[1]!.score).toBeLessThan(5);
  });

  it.each<[string, (string | ChangedFile)[], string]>([
    ['migration', ['db/migrate/20260310_add_index.rb'], 'touches a migration: db/migrate/20260310_add_index.rb'],
    ['manifest', ['package.json'], 'dependency manifest changed: package.json'],
    ['lock file', ['package-lock.json'], 'lock file changed: package-lock.json'],
    ['infrastructure', ['Dockerfile', 'k8s/api.yaml'], 'changes infrastructure/CI/deploy: Dockerfile and 1 more'],
    ['env file', ['.env.production'], 'changes config/env: .env.production'],
  ])('risky files are named (%s) and raise the score', (_label, paths, reason) => {
    const risky = rankCommits([commit({ minutes: 60, paths })], START)[0]!;
    const plain = rankCommits([commit({ minutes: 60 })], START)[0]!;
    expect(risky.reasons).toContain(reason);
    expect(risky.score).toBeGreaterThan(plain.score + 5);
  });

  it('risk from files is capped', () => {
    const all = commit({ minutes: 60, paths: ['db/migrate/1.rb', '.env', 'Dockerfile', 'package.json', 'yarn.lock'] });
    const two = commit({ minutes: 60, paths: ['db/migrate/1.rb', '.env'] });
    const [a, b] = [rankCommits([all], START)[0]!, rankCommits([two], START)[0]!];
    expect(a.score - b.score).toBeLessThanOrEqual(2);
  });

  it.each<[string, string[], string]>([
    ['docs only', ['README.md', 'docs/a.md'], 'docs only'],
    ['tests only', ['test/a.test.ts', 'src/b.spec.ts'], 'tests only'],
    ['docs and tests', ['README.md', 'test/a.test.ts'], 'docs and tests only'],
  ])('%s is ranked down', (_label, paths, reason) => {
    const down = rankCommits([commit({ minutes: 30, paths })], START)[0]!;
    const code = rankCommits([commit({ minutes: 30, paths: ['src/a.ts', 'src/b.ts'] })], START)[0]!;
    expect(down.reasons.at(-1)).toBe(reason);
    expect(down.score).toBeLessThan(code.score / 2);
  });

  it('tags, merges, binary files, empty commits', () => {
    const tagged = rankCommits([commit({ minutes: 60, tags: ['v2.3.0'] })], START)[0]!;
    expect(tagged.reasons).toContain('tagged v2.3.0 (a release?)');
    const merge = rankCommits([commit({ minutes: 60, isMerge: true, parents: ['a'.repeat(40), 'b'.repeat(40)] })], START)[0]!;
    expect(merge.reasons).toContain('merge commit (2 parents): a revert needs -m 1');
    const binary = rankCommits(
      [commit({ minutes: 60, paths: [{ path: 'logo.png', added: null, deleted: null, status: 'A' }] })],
      START,
    )[0]!;
    expect(binary.reasons).toContain('+0 −0 lines in 1 file, 1 binary file');
    const empty = rankCommits([commit({ minutes: 60, paths: [] })], START)[0]!;
    expect(empty.reasons).toEqual(['1 h before the start', 'no file changes']);
  });

  it('risk signals found in a diff raise the score and are kept on the commit', () => {
    const c = commit({ minutes: 60 });
    const without = rankCommits([c], START)[0]!;
    const withSignals = rankCommits([c], START, { signals: new Map([[c.sha, ['a', 'b', 'c']]]) })[0]!;
    expect(withSignals.signals).toEqual(['a', 'b', 'c']);
    expect(withSignals.reasons).toContain('3 risk signals in the diff');
    expect(withSignals.score).toBe(without.score + 8);
  });

  it('ties go to the commit nearer the start; input order does not matter', () => {
    const a = commit({ minutes: 47 * 60, paths: [] });
    const b = commit({ minutes: 47 * 60 + 1, paths: [] });
    expect(rankCommits([b, a], START).map((c) => c.sha)).toEqual([a.sha, b.sha]);
    expect(rankCommits([a, b], START).map((c) => c.sha)).toEqual([a.sha, b.sha]);
  });

  it('an unreadable date is skipped, not ranked as NaN', () => {
    expect(rankCommits([{ ...commit({ minutes: 5 }), at: 'yesterday' }], START)).toEqual([]);
  });
});

/** A git-style diff of one file. */
function diff(path: string, removed: string[], added: string[], opts: { isNew?: boolean } = {}): string {
  return [
    `diff --git a/${path} b/${path}`,
    ...(opts.isNew
      ? ['new file mode 100644', 'index 0000000..1111111', '--- /dev/null']
      : ['index 1111111..2222222 100644', `--- a/${path}`]),
    `+++ b/${path}`,
    `@@ -1,${removed.length} +1,${added.length} @@`,
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
    '',
  ].join('\n');
}

describe('riskSignals', () => {
  it.each<[string, string, string[]]>([
    [
      'Node',
      diff('src/a.ts', [], ['const k = process.env.API_KEY;', "const u = process.env['UPSTREAM_URL'];"]),
      ['reads new environment variables API_KEY, UPSTREAM_URL in src/a.ts'],
    ],
    [
      'Python',
      diff('app/a.py', [], ['key = os.getenv("API_KEY")', 'url = os.environ["UPSTREAM"]', 'x = os.environ.get("X")']),
      ['reads new environment variables API_KEY, UPSTREAM, X in app/a.py'],
    ],
    [
      'Ruby',
      diff('app/a.rb', [], ['key = ENV["API_KEY"]', 'url = ENV.fetch("UPSTREAM")']),
      ['reads new environment variables API_KEY, UPSTREAM in app/a.rb'],
    ],
    ['Java', diff('src/A.java', [], ['String k = System.getenv("API_KEY");']), ['reads new environment variable API_KEY in src/A.java']],
    ['Go', diff('main.go', [], ['k := os.Getenv("API_KEY")']), ['reads new environment variable API_KEY in main.go']],
    ['Rust', diff('src/main.rs', [], ['let k = std::env::var("API_KEY")?;']), ['reads new environment variable API_KEY in src/main.rs']],
  ])('new environment variables read (%s)', (_lang, text, expected) => {
    expect(riskSignals(text)).toEqual(expected);
  });

  it('a variable that was already read (moved code) is not new', () => {
    const moved = diff('src/a.ts', [], ['const k = process.env.API_KEY;']) + diff('src/b.ts', ['const k = process.env.API_KEY;'], []);
    expect(riskSignals(moved)).toEqual([]);
  });

  it('docs and tests are ignored for code signals', () => {
    expect(riskSignals(diff('README.md', [], ['Set `process.env.API_KEY`.']))).toEqual([]);
    expect(riskSignals(diff('test/a.test.ts', ['try { x() } catch (e) {}'], []))).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    [
      'added',
      diff('db/migrate/20260310_add_index.rb', [], ['add_index :orders, :user_id'], { isNew: true }),
      ['adds a migration: db/migrate/20260310_add_index.rb'],
    ],
    ['changed', diff('migrations/0041_x.py', ['a'], ['b']), ['changes a migration: migrations/0041_x.py']],
    [
      'destructive SQL',
      diff('db/migrate/V9__drop.sql', [], ['ALTER TABLE orders DROP COLUMN legacy;'], { isNew: true }),
      [
        'adds a migration: db/migrate/V9__drop.sql',
        'destructive migration (DROP COLUMN) in db/migrate/V9__drop.sql: rolling back will not bring the data back',
      ],
    ],
    [
      'destructive Rails',
      diff('db/migrate/2_rm.rb', [], ['remove_column :users, :legacy_id'], { isNew: true }),
      [
        'adds a migration: db/migrate/2_rm.rb',
        'destructive migration (REMOVE_COLUMN) in db/migrate/2_rm.rb: rolling back will not bring the data back',
      ],
    ],
  ])('migrations (%s)', (_label, text, expected) => {
    expect(riskSignals(text)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    [
      'package.json',
      diff(
        'package.json',
        ['    "express": "4.18.2",', '    "pg": "8.11.0"'],
        ['    "express": "^5.0.0",', '    "pg": "8.11.0",', '    "stripe": "^14.0.0"'],
      ),
      ['dependency bump in package.json: express 4.18.2 → ^5.0.0', 'new dependency in package.json: stripe ^14.0.0'],
    ],
    ['package.json version field is not a dependency', diff('package.json', ['  "version": "1.0.0",'], ['  "version": "1.1.0",']), []],
    [
      'requirements.txt',
      diff('requirements.txt', ['requests==2.31.0', 'flask>=2.0'], ['requests==2.32.3', 'flask>=2.0']),
      ['dependency bump in requirements.txt: requests ==2.31.0 → ==2.32.3'],
    ],
    [
      'go.mod',
      diff('go.mod', ['\tgithub.com/lib/pq v1.10.7'], ['\tgithub.com/lib/pq v1.10.9']),
      ['dependency bump in go.mod: github.com/lib/pq v1.10.7 → v1.10.9'],
    ],
    [
      'Gemfile',
      diff('Gemfile', ["gem 'rails', '~> 7.0.8'"], ["gem 'rails', '~> 7.1.0'"]),
      ['dependency bump in Gemfile: rails ~> 7.0.8 → ~> 7.1.0'],
    ],
    [
      'Cargo.toml',
      diff(
        'Cargo.toml',
        ['serde = "1.0.190"', 'tokio = { version = "1.33", features = ["full"] }'],
        ['serde = "1.0.200"', 'tokio = { version = "1.37", features = ["full"] }'],
      ),
      ['dependency bump in Cargo.toml: serde 1.0.190 → 1.0.200, tokio 1.33 → 1.37'],
    ],
    [
      'a new manifest',
      diff('package.json', [], ['{', '  "dependencies": {', '    "a": "1.0.0",', '    "b": "^2.0.0"', '  }', '}'], { isNew: true }),
      ['new dependency manifest package.json (2 dependencies)'],
    ],
  ])('dependencies (%s)', (_label, text, expected) => {
    expect(riskSignals(text)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    [
      'try/catch',
      diff('src/pay.ts', ['  try {', '    await charge();', '  } catch (error) {', '    log(error);', '  }'], ['  await charge();']),
      ['removes error handling (try/catch) in src/pay.ts'],
    ],
    ['.catch', diff('src/pay.js', ['charge().catch(report);'], ['charge();']), ['removes error handling (try/catch) in src/pay.js']],
    [
      'except',
      diff('app/pay.py', ['try:', '    charge()', 'except StripeError:', '    retry()'], ['charge()']),
      ['removes error handling (except) in app/pay.py'],
    ],
    [
      'rescue',
      diff('app/pay.rb', ['begin', '  charge', 'rescue Stripe::Error => e', '  retry', 'end'], ['charge']),
      ['removes error handling (rescue) in app/pay.rb'],
    ],
    [
      'Go',
      diff('pay.go', ['if err != nil {', '\treturn err', '}', 'if err := f(); err != nil {'], []),
      ['removes error handling (if err != nil ×2) in pay.go'],
    ],
    ['rewritten, not removed', diff('src/pay.ts', ['} catch (e) {'], ['} catch (error) {']), []],
  ])('removed error handling (%s)', (_label, text, expected) => {
    expect(riskSignals(text)).toEqual(expected);
  });

  it('nothing to say about an ordinary change, an empty diff, or garbage', () => {
    expect(riskSignals(diff('src/a.ts', ['const a = 1;'], ['const a = 2;']))).toEqual([]);
    expect(riskSignals('')).toEqual([]);
    expect(riskSignals('not a diff\n+process.env.X\n')).toEqual([]);
  });

  it('paths with spaces and renames', () => {
    const text = [
      'diff --git a/old name.ts b/src/new name.ts',
      'similarity index 90%',
      'rename from old name.ts',
      'rename to src/new name.ts',
      '--- a/old name.ts',
      '+++ b/src/new name.ts',
      '@@ -1 +1 @@',
      '-x',
      '+const k = process.env.NEW_KEY;',
      '',
    ].join('\n');
    expect(riskSignals(text)).toEqual(['reads new environment variable NEW_KEY in src/new name.ts']);
  });

  it('is capped for a huge diff', () => {
    const many = Array.from({ length: 30 }, (_, i) => diff(`src/f${i}.ts`, [], [`process.env.K${i}`])).join('');
    const signals = riskSignals(many);
    expect(signals).toHaveLength(11);
    expect(signals.at(-1)).toBe('and 20 more');
  });
});
