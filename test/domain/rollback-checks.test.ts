import { describe, expect, it } from 'vitest';
import { ROLLBACK_CAUTIONS, type RollbackCautionId } from '../../src/domain/containment.js';
import {
  isCommitId,
  isMigrationPath,
  LARGE_REVERT_FILES,
  revertMessage,
  rollbackCautions,
  type RollbackCautionInput,
  type RollbackFile,
} from '../../src/domain/rollback-checks.js';

describe('isCommitId', () => {
  it.each<[string, boolean]>([
    ['3f2a9c1', true],
    ['abcd', true],
    ['ABCDEF12', true],
    ['0123456789abcdef0123456789abcdef01234567', true],
    ['abc', false], // too short to be unambiguous
    ['0123456789abcdef0123456789abcdef012345678', true], // 41: SHA-256 ids are longer
    ['0'.repeat(65), false],
    ['', false],
    ['zzz', false],
    ['HEAD', false],
    ['HEAD~1', false],
    ['main', false],
    ['deadbeef^', false],
    ['deadbeef~1', false],
    ['deadbeef..HEAD', false],
    ['--upload-pack=touch /tmp/x', false],
    ['-n', false],
    [' deadbeef', false],
    ['deadbeef\n', false],
    ['@{u}', false],
  ])('%j → %s', (s, ok) => {
    expect(isCommitId(s)).toBe(ok);
  });
});

describe('isMigrationPath', () => {
  it.each<[string, boolean]>([
    ['db/migrate/20240101120000_drop_legacy_users.rb', true],
    ['prisma/migrations/20240101_init/migration.sql', true],
    ['app/orders/migrations/0007_remove_order_note.py', true],
    ['alembic/versions/3f2a_add_index.py', true],
    ['src/main/resources/db/V3__drop_sessions.sql', true],
    ['db/changelog/changes-01.xml', true],
    ['src/db/20240101-add-users.migration.ts', true],
    ['src/migrate.ts', false],
    ['README.md', false],
    ['src/users/schema.sql', false],
  ])('%s → %s', (p, ok) => {
    expect(isMigrationPath(p)).toBe(ok);
  });
});

const AT = '2026-03-10T14:00:00Z';
const file = (path: string, added = 5, deleted = 1): RollbackFile => ({ path, added, deleted });
const ids = (input: Partial<RollbackCautionInput>): RollbackCautionId[] =>
  rollbackCautions({ files: [file('src/app.ts')], commitAt: AT, incidentStart: null, ...input }).map((c) => c.id);

const diffOf = (path: string, added: string[]): string =>
  [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${added.length} @@`,
    ...added.map((l) => `+${l}`),
  ].join('\n');

describe('rollbackCautions', () => {
  it.each<[string, Partial<RollbackCautionInput>, RollbackCautionId[]]>([
    ['a small code change, after the start: nothing', { incidentStart: '2026-03-10T14:30:00Z' }, []],
    ['no start time known: nothing about timing', { incidentStart: null }, []],
    ['started 2 h before the commit', { incidentStart: '2026-03-10T12:00:00Z' }, ['started-before-deploy']],
    ['started at the same second: not before', { incidentStart: AT }, []],
    ['an unreadable start time is ignored', { incidentStart: 'yesterday-ish' }, []],
    // Migrations, by name only (no diff).
    ['a migration named drop_…', { files: [file('db/migrate/20240101_drop_users.rb')] }, ['destructive-migration']],
    [
      'a Django RemoveField migration named remove_…',
      { files: [file('shop/migrations/0007_remove_order_note.py')] },
      ['destructive-migration'],
    ],
    ['any migration without a diff is worth a look', { files: [file('db/migrate/20240101_add_index.rb')] }, ['destructive-migration']],
    // Migrations, by diff.
    [
      'SQL DROP TABLE',
      { files: [file('db/V3__cleanup.sql')], diff: diffOf('db/V3__cleanup.sql', ['DROP TABLE legacy_users;']) },
      ['destructive-migration'],
    ],
    [
      'SQL ALTER TABLE … DROP COLUMN',
      { files: [file('migrations/002.sql')], diff: diffOf('migrations/002.sql', ['ALTER TABLE users DROP COLUMN email;']) },
      ['destructive-migration'],
    ],
    [
      'Rails remove_column',
      { files: [file('db/migrate/1_x.rb')], diff: diffOf('db/migrate/1_x.rb', ['    remove_column :users, :email']) },
      ['destructive-migration'],
    ],
    [
      'Django DeleteField-style RemoveField',
      {
        files: [file('a/migrations/0002_x.py')],
        diff: diffOf('a/migrations/0002_x.py', ["        migrations.RemoveField(model_name='order', name='note'),"]),
      },
      ['destructive-migration'],
    ],
    [
      'Alembic op.drop_column',
      { files: [file('alembic/versions/ab12_x.py')], diff: diffOf('alembic/versions/ab12_x.py', ["    op.drop_column('users', 'email')"]) },
      ['destructive-migration'],
    ],
    [
      'Knex dropColumn',
      { files: [file('migrations/20240101_x.js')], diff: diffOf('migrations/20240101_x.js', ["  table.dropColumn('email');"]) },
      ['destructive-migration'],
    ],
    [
      'an additive migration, read: nothing',
      {
        files: [file('migrations/003.sql')],
        diff: diffOf('migrations/003.sql', [
          'ALTER TABLE users ADD COLUMN nickname text;',
          'ALTER TABLE users ALTER COLUMN x DROP DEFAULT;',
        ]),
      },
      [],
    ],
    [
      'DROP TABLE outside any migration is not this caution',
      { files: [file('docs/howto.md')], diff: diffOf('docs/howto.md', ['Never run DROP TABLE users;']) },
      [],
    ],
    [
      'a headerless diff is read as the migration text',
      { files: [file('migrations/004.sql')], diff: '+TRUNCATE sessions;\n' },
      ['destructive-migration'],
    ],
    // Size.
    ['401 lines', { files: [file('src/a.ts', 300, 101)] }, ['rollback-riskier']],
    ['400 lines exactly: fine', { files: [file('src/a.ts', 300, 100)] }, []],
    [
      `${LARGE_REVERT_FILES + 1} files`,
      { files: Array.from({ length: LARGE_REVERT_FILES + 1 }, (_, i) => file(`src/f${i}.ts`, 1, 0)) },
      ['rollback-riskier'],
    ],
    ['a 5,000-line lock file does not count', { files: [file('package.json', 1, 1), file('package-lock.json', 4000, 1000)] }, []],
    ['larger than the likely fix', { files: [file('src/a.ts', 80, 20)], likelyFixLines: 10 }, ['rollback-riskier']],
    ['smaller than the likely fix', { files: [file('src/a.ts', 8, 2)], likelyFixLines: 30 }, []],
    ['tiny reverts are never "larger than the fix"', { files: [file('src/a.ts', 10, 5)], likelyFixLines: 2 }, []],
    // All three, in ROLLBACK_CAUTIONS order.
    [
      'all three',
      { files: [file('db/migrate/9_drop_orders.rb', 10, 0), file('src/big.ts', 500, 20)], incidentStart: '2026-03-10T13:00:00Z' },
      ['destructive-migration', 'started-before-deploy', 'rollback-riskier'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(ids(input)).toEqual(expected);
  });

  it('ids are those of ROLLBACK_CAUTIONS, each with a one-line detail', () => {
    const known = ROLLBACK_CAUTIONS.map((c) => c.id);
    const cautions = rollbackCautions({
      files: [file('db/migrate/9_drop_orders.rb', 10, 0), file('src/big.ts', 500, 20)],
      commitAt: AT,
      incidentStart: '2026-03-10T13:00:00Z',
    });
    for (const c of cautions) {
      expect(known).toContain(c.id);
      expect(c.detail).toMatch(/^[^\n]{20,300}$/);
    }
  });

  it('details say what was found', () => {
    const [migration] = rollbackCautions({
      files: [file('db/V3__cleanup.sql')],
      commitAt: AT,
      incidentStart: null,
      diff: diffOf('db/V3__cleanup.sql', ['-- tidy', 'DROP TABLE legacy_users;']),
    });
    expect(migration?.detail).toContain('db/V3__cleanup.sql');
    expect(migration?.detail).toContain('DROP TABLE legacy_users;');
    const [timing] = rollbackCautions({ files: [], commitAt: AT, incidentStart: '2026-03-10T13:15:00Z' });
    expect(timing?.detail).toContain('45 min');
    const [size] = rollbackCautions({ files: [file('src/a.ts', 450, 50)], commitAt: AT, incidentStart: null });
    expect(size?.detail).toContain('500 lines in 1 file');
  });

  it('a migration only partly covered by the diff is still judged by its name', () => {
    expect(
      ids({
        files: [file('migrations/001_add.sql'), file('migrations/002_drop_users.sql')],
        diff: diffOf('migrations/001_add.sql', ['CREATE TABLE x (id int);']),
      }),
    ).toEqual(['destructive-migration']);
  });
});

describe('revertMessage', () => {
  it.each<[string, string, string, string]>([
    [
      'Add caching to checkout',
      '0123456789abcdef0123456789abcdef01234567',
      '2026-03-10-checkout-500s',
      'Revert "Add caching to checkout"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n\nIncident: 2026-03-10-checkout-500s',
    ],
    ['Quote "this"', 'abcdef1', 'inc-1', 'Revert "Quote "this""\n\nThis reverts commit abcdef1.\n\nIncident: inc-1'],
    ['two\nlines', 'abcdef1', 'inc-1', 'Revert "two lines"\n\nThis reverts commit abcdef1.\n\nIncident: inc-1'],
    [
      'Fix\u001b]0;pwned\u0007 title\u001b[31m',
      'abcdef1',
      'inc-1',
      'Revert "Fix title"\n\nThis reverts commit abcdef1.\n\nIncident: inc-1',
    ],
    [
      'Use token=' + 'abc123 for the payments API',
      'abcdef1',
      'inc-1',
      'Revert "Use token=**** for the payments API"\n\nThis reverts commit abcdef1.\n\nIncident: inc-1',
    ],
  ])('%j', (subject, sha, id, expected) => {
    expect(revertMessage(subject, sha, id)).toBe(expected);
  });
});
