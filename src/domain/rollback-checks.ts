// What is decided about a rollback before git is touched: whether a typed
// commit id may reach git at all, the "when NOT to roll back" cautions from
// the seeds, and the revert commit's message. Pure: the git facts (files,
// lines, commit time, an optional diff) come in as arguments.
import type { RollbackCautionId } from './containment.js';
import { cleanText, oneLine } from './sanitize.js';

/**
 * A commit id as typed or stored: 4–64 hexadecimal characters (SHA-1 or
 * SHA-256 repositories) and nothing else. Anything that is not (`HEAD~1`, `main`, `--upload-pack=…`, a space)
 * never reaches git, so no option or revision expression can be smuggled in.
 */
export function isCommitId(s: string): boolean {
  return /^[0-9a-f]{4,64}$/i.test(s);
}

export interface RollbackFile {
  path: string;
  /** Lines added by the commit (0 for a binary file). */
  added: number;
  /** Lines deleted by the commit (0 for a binary file). */
  deleted: number;
}

export interface RollbackCautionInput {
  /** What the commit changed (for a merge: against its first parent). */
  files: readonly RollbackFile[];
  /** When the commit was made (ISO). */
  commitAt: string;
  /** When the problem started (ISO), if known. */
  incidentStart: string | null;
  /** Lines a small forward fix would take, if someone estimated it. */
  likelyFixLines?: number;
  /** The commit's unified diff (`git show`/`git diff` output), if available: checked for destructive statements. */
  diff?: string;
}

export interface RollbackCaution {
  id: RollbackCautionId;
  /** One line: why this caution applies to this commit. */
  detail: string;
}

/** A revert larger than this (lines added + deleted, lock files aside) is riskier than a small fix. */
export const LARGE_REVERT_LINES = 400;
/** A revert touching more files than this is riskier than a small fix. */
export const LARGE_REVERT_FILES = 20;
/** A revert this small is never "larger than the fix", whatever the estimate. */
export const SMALL_REVERT_LINES = 20;

// Paths of migrations in the common frameworks: Rails/Knex/Sequelize/Prisma/
// Django/Laravel ("migrate", "migrations"), Alembic ("alembic/versions"),
// Flyway ("V3__drop_x.sql"), Liquibase changelogs, "*.migration.ts".
const MIGRATION_PATH = [
  /(^|\/)(migrations?|migrate)\//i,
  /(^|\/)alembic\/versions\//i,
  /(^|\/)(flyway|liquibase)\//i,
  /(^|\/)db\/changelog\//i,
  /(^|\/)[VU]\d+(?:[._]\d+)*__[^/]+\.sql$/,
  /(^|\/)[^/]*[._-]migration\.[a-z]+$/i,
];

/** True when the path looks like a database migration. */
export function isMigrationPath(path: string): boolean {
  return MIGRATION_PATH.some((re) => re.test(path));
}

// Statements that destroy data or rename what the old code reads, in SQL and
// in the usual migration DSLs.
const DESTRUCTIVE = [
  /\bDROP\s+(TABLE|COLUMN|SCHEMA|DATABASE|VIEW|TYPE)\b/i,
  /\bALTER\s+TABLE\b[^;]*\bDROP\s+(?!DEFAULT\b|NOT\s+NULL\b|CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b)/i,
  /\bTRUNCATE\b/i,
  /\bDELETE\s+FROM\b/i,
  /\bRENAME\s+(COLUMN|TO)\b/i,
  /\b(remove_column|remove_columns|remove_reference|remove_belongs_to|drop_table|drop_join_table|rename_column|rename_table|change_column)\b/,
  /\b(DeleteModel|RemoveField|RenameField|RenameModel)\b/,
  /\b(drop_table|drop_column)\s*\(/,
  /\b(dropTable|dropTableIfExists|dropColumn|dropColumns|removeColumn|renameColumn|renameTable|dropCollection)\b/,
  /\bSchema::(drop|dropIfExists)\b/,
];

// Path words that say what a migration does when its text is not available.
const VERBS = 'drop|remove|delete|rename|truncate|purge';
const DESTRUCTIVE_NAME = new RegExp(
  // snake_case / kebab-case / UPPER words, or a CamelCase word ("RemoveEmailFromUsers").
  `(?:^|[^A-Za-z])(?:${VERBS}|${VERBS.toUpperCase()})(?![a-z])|(?:${VERBS.replace(/\b[a-z]/g, (c) => c.toUpperCase())})(?![a-z])`,
);

/** Lock files are generated: their lines say nothing about how risky a revert is. */
const LOCK_FILE =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|go\.sum|poetry\.lock|Pipfile\.lock|uv\.lock|Gemfile\.lock|composer\.lock|mix\.lock|packages\.lock\.json)$/;

/** The files a unified diff names, and the lines it adds to each (`null`: lines before any file header). */
function readDiff(diff: string): { files: Set<string>; added: Map<string | null, string[]> } {
  const files = new Set<string>();
  const added = new Map<string | null, string[]>();
  let current: string | null = null;
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/.* b\/(.*)$/.exec(line);
    if (header) {
      current = header[1] ?? null;
      if (current !== null) files.add(current);
      continue;
    }
    if (line.startsWith('+++ ') || line.startsWith('--- ')) {
      const path = /^\+\+\+ b\/(.*)$/.exec(line)?.[1];
      if (path !== undefined) {
        current = path;
        files.add(path);
      }
      continue;
    }
    if (line.startsWith('+')) {
      const list = added.get(current) ?? [];
      list.push(line.slice(1));
      added.set(current, list);
    }
  }
  return { files, added };
}

function firstDestructive(lines: readonly string[]): string | null {
  for (const line of lines) {
    if (DESTRUCTIVE.some((re) => re.test(line))) return line.trim().slice(0, 80);
  }
  return null;
}

function destructiveMigration(files: readonly RollbackFile[], diff: string | undefined): RollbackCaution | null {
  let migrations = files.filter((f) => isMigrationPath(f.path));
  if (migrations.length === 0) return null;
  if (diff !== undefined && diff.trim() !== '') {
    const read = readDiff(diff);
    // A diff without file headers is taken as the migrations' own text.
    const headerless = read.files.size === 0;
    const inDiff = headerless ? migrations : migrations.filter((m) => read.files.has(m.path));
    for (const m of inDiff) {
      const hit = firstDestructive(read.added.get(headerless ? null : m.path) ?? []);
      if (hit) return { id: 'destructive-migration', detail: `${m.path} runs "${hit}": reverting the code will not bring that data back.` };
    }
    // Every migration was read and none destroys anything.
    if (inDiff.length === migrations.length) return null;
    migrations = migrations.filter((m) => !inDiff.includes(m));
  }
  // No diff, or these migrations are not in it: their names are all there is.
  const named = migrations.find((m) => DESTRUCTIVE_NAME.test(m.path.slice(m.path.lastIndexOf('/') + 1)));
  if (named)
    return {
      id: 'destructive-migration',
      detail: `${named.path} looks destructive by its name: reverting the code will not bring dropped data back.`,
    };
  const list = migrations.map((m) => m.path);
  const shown = list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
  return {
    id: 'destructive-migration',
    detail: `The commit includes ${list.length === 1 ? 'a migration' : `${list.length} migrations`} (${shown}): check whether it dropped or renamed anything before reverting.`,
  };
}

function startedBefore(commitAt: string, incidentStart: string | null): RollbackCaution | null {
  if (incidentStart === null) return null;
  const start = Date.parse(incidentStart);
  const commit = Date.parse(commitAt);
  if (Number.isNaN(start) || Number.isNaN(commit) || start >= commit) return null;
  const minutes = Math.round((commit - start) / 60_000);
  const gap = minutes < 1 ? 'less than a minute' : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return {
    id: 'started-before-deploy',
    detail: `The problem started ${gap} before this commit was even made (${incidentStart} < ${commitAt}): it is unlikely to be the cause.`,
  };
}

function riskier(files: readonly RollbackFile[], likelyFixLines: number | undefined): RollbackCaution | null {
  const counted = files.filter((f) => !LOCK_FILE.test(f.path));
  const lines = counted.reduce((n, f) => n + f.added + f.deleted, 0);
  const size = `${lines} line${lines === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`;
  if (lines > LARGE_REVERT_LINES || files.length > LARGE_REVERT_FILES) {
    return {
      id: 'rollback-riskier',
      detail: `The revert is large (${size}; over ${LARGE_REVERT_LINES} lines or ${LARGE_REVERT_FILES} files): a small forward fix may be safer.`,
    };
  }
  if (
    likelyFixLines !== undefined &&
    Number.isFinite(likelyFixLines) &&
    likelyFixLines >= 0 &&
    lines > SMALL_REVERT_LINES &&
    lines > likelyFixLines
  ) {
    return { id: 'rollback-riskier', detail: `The revert (${size}) is larger than the likely fix (~${Math.round(likelyFixLines)} lines).` };
  }
  return null;
}

/**
 * The "when NOT to roll back" cautions that apply to this commit, in the
 * order of ROLLBACK_CAUTIONS. Each is a question for the person, not a veto.
 *
 * - destructive-migration: a migration in the commit whose added lines drop,
 *   truncate, delete or rename (SQL and the Rails/Django/Alembic/Knex/
 *   Sequelize/Laravel forms). Without a diff, any migration is flagged, with
 *   a sharper detail when its name says drop/remove/rename.
 * - started-before-deploy: the problem started before the commit was made.
 * - rollback-riskier: over LARGE_REVERT_LINES lines (lock files not counted)
 *   or LARGE_REVERT_FILES files; or larger than `likelyFixLines` (reverts of
 *   SMALL_REVERT_LINES lines or fewer never are).
 */
export function rollbackCautions(input: RollbackCautionInput): RollbackCaution[] {
  return [
    destructiveMigration(input.files, input.diff),
    startedBefore(input.commitAt, input.incidentStart),
    riskier(input.files, input.likelyFixLines),
  ].filter((c): c is RollbackCaution => c !== null);
}

/**
 * The revert commit's message: git's own form plus the incident id, so the
 * history says why, and `findExistingRevert` can find it (by the sha) on
 * resume. The subject is kept on one line, without terminal control sequences,
 * and masked: a token in the reverted subject is not pushed a second time.
 */
export function revertMessage(subject: string, sha: string, incidentId: string): string {
  const line = oneLine(cleanText(subject));
  return `Revert "${line}"\n\nThis reverts commit ${sha}.\n\nIncident: ${incidentId}`;
}
