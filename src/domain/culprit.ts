// "Which recent commit most likely broke production?" Pure ranking rules:
// the commits come in (git/recent-commits.ts reads them), a ranked list with
// human reasons goes out. Every point of a score is explained by a reason, so
// the engineer can disagree with the ranking instead of trusting a number.
//
// The score (0–100, higher = more likely) adds up:
// - nearness to the start: up to 45, halving every 6 hours before it;
// - size of the change: up to 12 (log of the lines changed);
// - risky files: up to 30 (migrations, config/env, infrastructure/CI/deploy,
//   dependency manifests and lock files);
// - a tag on the commit (a release): 5; risk signals found in its diff: 4 each, up to 8;
// then docs-only or tests-only changes are multiplied down. A commit after the
// start cannot have caused it: it is dropped, unless it is within a few minutes
// (committers' clocks disagree), where it is kept but heavily down-ranked.

export interface ChangedFile {
  path: string;
  /** Lines added; null for a binary file. */
  added: number | null;
  /** Lines deleted; null for a binary file. */
  deleted: number | null;
  /** git's status letter(s): A, M, D, R100, C75, T … */
  status: string;
}

export interface CommitInfo {
  sha: string;
  shortSha: string;
  author: string;
  /** Committer date, ISO-8601: when the commit reached the branch (closest to a deploy). */
  at: string;
  subject: string;
  parents: string[];
  isMerge: boolean;
  /** For a merge: the changes against its first parent (what `revert -m 1` undoes). */
  files: ChangedFile[];
  tags: string[];
}

export type RankedCommit = CommitInfo & { score: number; reasons: string[]; signals: string[] };

export interface RankOptions {
  /** Commits older than this before the start are left out (default 48). */
  windowHours?: number;
  /** Risk signals already found in some commits' diffs (by sha), see riskSignals(). */
  signals?: ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_WINDOW_HOURS = 48;
/** A commit this long after the start is kept (clocks disagree), heavily down-ranked. */
export const CLOCK_SKEW_MINUTES = 5;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NEARNESS_MAX = 45;
const NEARNESS_HALF_LIFE_HOURS = 6;
const SIZE_MAX = 12;
const RISK_MAX = 30;
const TAG_POINTS = 5;
const SIGNAL_POINTS = 4;
const SIGNALS_COUNTED = 2;
const AFTER_START_FACTOR = 0.1;
const DOCS_TESTS_FACTOR = 0.15;
const EMPTY_FACTOR = 0.5;

// ---------------------------------------------------------------- file kinds

export type FileKind = 'migration' | 'config' | 'dependency' | 'lockfile' | 'infrastructure' | 'docs' | 'tests' | 'code';

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'go.sum',
  'gemfile.lock',
  'cargo.lock',
  'composer.lock',
  'mix.lock',
  'packages.lock.json',
  'gradle.lockfile',
  'podfile.lock',
  'pubspec.lock',
  'flake.lock',
]);

const MANIFESTS = new Set([
  'package.json',
  'requirements.txt',
  'constraints.txt',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'pipfile',
  'go.mod',
  'gemfile',
  'cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'composer.json',
  'mix.exs',
  'packages.config',
  'directory.packages.props',
  'podfile',
  'pubspec.yaml',
  'deno.json',
]);

const INFRA_FILES = new Set([
  'dockerfile',
  'containerfile',
  '.dockerignore',
  'compose.yml',
  'compose.yaml',
  '.gitlab-ci.yml',
  'jenkinsfile',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  '.travis.yml',
  'cloudbuild.yaml',
  'cloudbuild.yml',
  'skaffold.yaml',
  'kustomization.yaml',
  'kustomization.yml',
  'chart.yaml',
  'procfile',
  'fly.toml',
  'app.yaml',
  'serverless.yml',
  'serverless.yaml',
  'netlify.toml',
  'vercel.json',
  'render.yaml',
  'nginx.conf',
]);

const INFRA_DIRS =
  /(?:^|\/)(?:k8s|kubernetes|kube|helm|charts|terraform|infra|infrastructure|deploy|deployment|deployments|ansible|\.github\/workflows|\.circleci|\.buildkite)\//;
const MIGRATION_DIRS = /(?:^|\/)(?:migrations?|migrate|alembic|flyway|liquibase)\//;
const DOCS_DIRS = /(?:^|\/)(?:docs?|documentation)\//;
const DOC_NAMES =
  /^(?:readme|changelog|changes|history|license|licence|copying|contributing|authors|notice|codeowners|security)(?:\.[a-z]+)?$/;
const TEST_DIRS = /(?:^|\/)(?:tests?|__tests__|__mocks__|specs?|e2e|cypress|testdata|test-data)\//;
const TEST_NAMES =
  /(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?|_spec\.rb|(?:^|\/)test_[^/]*\.py|_test\.py|Tests?\.(?:java|kt|cs|scala)|(?:^|\/)conftest\.py)$/;
/** Tool configs that shape the developer's checks, not what runs in production. */
const DEV_TOOL_CONFIG = /^(?:eslint|prettier|stylelint|jest|vitest|commitlint|lint-staged|karma|playwright|cypress)[.-]/;
const CONFIG_DIRS = /(?:^|\/)(?:config|conf|configs|settings|flags|feature-flags)\//;

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** What kind of file a path is, for ranking: the first matching rule wins. */
export function classifyPath(path: string): FileKind {
  const p = path.toLowerCase();
  const name = basename(p);
  if (LOCKFILES.has(name)) return 'lockfile';
  if (MANIFESTS.has(name) || /^requirements[-_.][^/]*\.txt$/.test(name) || /\.(?:gemspec|csproj|fsproj|vbproj)$/.test(name))
    return 'dependency';
  if (/(?:^|\/)requirements\/[^/]+\.txt$/.test(p)) return 'dependency';
  if (TEST_DIRS.test(p) || TEST_NAMES.test(path)) return 'tests';
  if (/\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt)$/.test(name) || DOC_NAMES.test(name) || DOCS_DIRS.test(p)) return 'docs';
  if (
    MIGRATION_DIRS.test(p) ||
    /(?:^|[_.-])migrations?(?:[_.-]|$)/.test(name) ||
    /^v\d+(?:[._]\d+)*__.+\.sql$/.test(name) ||
    /(?:^|\/)db\/(?:schema\.rb|structure\.sql)$/.test(p) ||
    (name.endsWith('.sql') && /(?:^|\/)(?:db|database|sql|schema)\//.test(p))
  )
    return 'migration';
  if (
    INFRA_FILES.has(name) ||
    /^(?:dockerfile|containerfile)[.-]/.test(name) ||
    name.endsWith('.dockerfile') ||
    /^docker-compose[^/]*\.ya?ml$/.test(name) ||
    /\.(?:tf|tfvars|hcl)$/.test(name) ||
    /^values[^/]*\.ya?ml$/.test(name) ||
    INFRA_DIRS.test(p)
  )
    return 'infrastructure';
  if (
    name.startsWith('.env') ||
    name.endsWith('.env') ||
    /\.(?:ini|cfg|conf|properties|toml)$/.test(name) ||
    /^appsettings[^/]*\.json$/.test(name) ||
    /^(?:settings|config|configuration)\.[a-z]+$/.test(name) ||
    (/[.-]config\.[cm]?[jt]s$/.test(name) && !DEV_TOOL_CONFIG.test(name)) ||
    CONFIG_DIRS.test(p)
  )
    return 'config';
  return 'code';
}

// ---------------------------------------------------------------- phrasing

/** "12 min", "3 h 5 min", "1 d 4 h" — rounded down, never "0 min". */
export function spanText(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

function plural(n: number, word: string): string {
  const many = word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "db/migrate/001.rb" or "db/migrate/001.rb and 2 more". */
function someOf(paths: string[]): string {
  const [first] = paths;
  if (first === undefined) return '';
  return paths.length === 1 ? first : `${first} and ${paths.length - 1} more`;
}

// ---------------------------------------------------------------- ranking

const RISK_RULES: { kind: FileKind; points: number; reason: (paths: string[]) => string }[] = [
  { kind: 'migration', points: 20, reason: (p) => `touches a migration: ${someOf(p)}` },
  { kind: 'config', points: 15, reason: (p) => `changes config/env: ${someOf(p)}` },
  { kind: 'infrastructure', points: 12, reason: (p) => `changes infrastructure/CI/deploy: ${someOf(p)}` },
  { kind: 'dependency', points: 12, reason: (p) => `dependency manifest changed: ${someOf(p)}` },
  { kind: 'lockfile', points: 8, reason: (p) => `lock file changed: ${someOf(p)}` },
];

function linesChanged(files: readonly ChangedFile[]): { lines: number; binary: number } {
  let lines = 0;
  let binary = 0;
  for (const f of files) {
    if (f.added === null || f.deleted === null) binary++;
    else lines += f.added + f.deleted;
  }
  return { lines, binary };
}

function scoreAt(commit: CommitInfo, start: number, at: number, signals: readonly string[]): RankedCommit {
  const reasons: string[] = [];
  let score = 0;

  // Nearness.
  const before = start - at;
  if (before >= 0) {
    const hours = before / HOUR;
    score += NEARNESS_MAX * 2 ** (-hours / NEARNESS_HALF_LIFE_HOURS);
    reasons.push(`${spanText(before)} before the start`);
  }

  // Size.
  const { lines, binary } = linesChanged(commit.files);
  const weighted = lines + 20 * binary;
  score += Math.min(SIZE_MAX, 3.5 * Math.log10(1 + weighted));
  if (commit.files.length > 0) {
    const added = commit.files.reduce((n, f) => n + (f.added ?? 0), 0);
    const deleted = commit.files.reduce((n, f) => n + (f.deleted ?? 0), 0);
    const size = weighted >= 500 ? 'large change: ' : '';
    const bin = binary > 0 ? `, ${plural(binary, 'binary file')}` : '';
    reasons.push(
      `${size}+${added.toLocaleString('en-US')} −${deleted.toLocaleString('en-US')} lines in ${plural(commit.files.length, 'file')}${bin}`,
    );
  }

  // Risky files.
  const byKind = new Map<FileKind, string[]>();
  for (const f of commit.files) {
    const kind = classifyPath(f.path);
    byKind.set(kind, [...(byKind.get(kind) ?? []), f.path]);
  }
  let risk = 0;
  for (const rule of RISK_RULES) {
    const paths = byKind.get(rule.kind);
    if (!paths) continue;
    risk += rule.points;
    reasons.push(rule.reason(paths));
  }
  score += Math.min(RISK_MAX, risk);

  if (commit.tags.length > 0) {
    score += TAG_POINTS;
    reasons.push(`tagged ${commit.tags.join(', ')} (a release?)`);
  }
  if (signals.length > 0) {
    score += SIGNAL_POINTS * Math.min(SIGNALS_COUNTED, signals.length);
    reasons.push(`${plural(signals.length, 'risk signal')} in the diff`);
  }
  if (commit.isMerge) reasons.push(`merge commit (${commit.parents.length} parents): a revert needs -m 1`);

  // Down-ranking.
  const kinds = new Set(byKind.keys());
  if (commit.files.length === 0) {
    score *= EMPTY_FACTOR;
    reasons.push('no file changes');
  } else if ([...kinds].every((k) => k === 'docs' || k === 'tests')) {
    score *= DOCS_TESTS_FACTOR;
    reasons.push(kinds.size === 2 ? 'docs and tests only' : kinds.has('docs') ? 'docs only' : 'tests only');
  }
  if (before < 0) {
    score *= AFTER_START_FACTOR;
    reasons.unshift(`committed ${spanText(-before)} after the start — a cause only if clocks disagree`);
  }

  return { ...commit, score: Math.min(100, Math.round(score)), reasons, signals: [...signals] };
}

/**
 * Ranks the commits that could have caused an incident starting at
 * `incidentStart`, most likely first. Commits older than the window, or later
 * than the start (beyond CLOCK_SKEW_MINUTES), are left out. Ties go to the
 * commit nearer the start.
 */
export function rankCommits(commits: readonly CommitInfo[], incidentStart: Date, opts: RankOptions = {}): RankedCommit[] {
  const start = incidentStart.getTime();
  const windowMs = (opts.windowHours ?? DEFAULT_WINDOW_HOURS) * HOUR;
  const ranked: RankedCommit[] = [];
  for (const commit of commits) {
    const at = Date.parse(commit.at);
    if (Number.isNaN(at)) continue;
    if (at < start - windowMs || at > start + CLOCK_SKEW_MINUTES * MINUTE) continue;
    ranked.push(scoreAt(commit, start, at, opts.signals?.get(commit.sha) ?? []));
  }
  return ranked.sort((a, b) => b.score - a.score || Date.parse(b.at) - Date.parse(a.at) || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
}

// ---------------------------------------------------------------- risk signals in a diff

interface FileDiff {
  path: string;
  isNew: boolean;
  added: string[];
  removed: string[];
}

/** `"a/x y"` (C-quoted by git when unusual) → `x y`; strips the a/ or b/ prefix. */
function diffPath(raw: string): string {
  let p = raw.trim();
  if (p.startsWith('"') && p.endsWith('"')) p = p.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return p.replace(/^[ab]\//, '');
}

/** Splits a unified diff (git's format) into files with their added and removed lines. */
export function parseUnifiedDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  let current: FileDiff | null = null;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git (?:"?a\/.*?"?) ("?b\/.*"?)$/.exec(line);
      current = { path: m?.[1] ? diffPath(m[1]) : '', isNew: false, added: [], removed: [] };
      files.push(current);
      inHunk = false;
      continue;
    }
    if (!current) continue;
    if (!inHunk) {
      if (line.startsWith('new file mode')) current.isNew = true;
      else if (line.startsWith('+++ ') && !line.startsWith('+++ /dev/null')) current.path = diffPath(line.slice(4));
      else if (line.startsWith('--- ') && current.path === '' && !line.startsWith('--- /dev/null')) current.path = diffPath(line.slice(4));
      else if (line.startsWith('rename to ')) current.path = diffPath(line.slice(10));
      else if (line.startsWith('@@')) inHunk = true;
      continue;
    }
    if (line.startsWith('@@')) continue;
    if (line.startsWith('+')) current.added.push(line.slice(1));
    else if (line.startsWith('-')) current.removed.push(line.slice(1));
  }
  return files;
}

const ENV_PATTERNS: RegExp[] = [
  /\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bprocess\.env\[\s*['"`]([^'"`\]]+)['"`]\s*\]/g,
  /\bimport\.meta\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bDeno\.env\.get\(\s*['"]([^'"]+)['"]/g,
  /\bgetenv\(\s*['"]([^'"]+)['"]/g, // os.getenv (Python), getenv (C, PHP)
  /\bos\.environ(?:\.get)?\s*[[(]\s*['"]([^'"]+)['"]/g,
  /\bENV(?:\.fetch)?\s*[[(]\s*['"]([^'"]+)['"]/g, // Ruby
  /\bSystem\.getenv\(\s*"([^"]+)"/g, // Java
  /\bos\.(?:Getenv|LookupEnv)\(\s*"([^"]+)"/g, // Go
  /\benv::var(?:_os)?\(\s*"([^"]+)"/g, // Rust
  /\bEnvironment\.GetEnvironmentVariable\(\s*"([^"]+)"/g, // C#
];

function envNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) for (const re of ENV_PATTERNS) for (const m of line.matchAll(re)) if (m[1]) names.add(m[1]);
  return names;
}

const DESTRUCTIVE =
  /\b(drop\s+(?:table|column|index|constraint|database|schema|view)|truncate(?:\s+table)?|remove_column|drop_table|remove_index|rename_column|rename_table|remove_reference|op\.drop_\w+|op\.alter_column|dropColumn|dropTable|DropColumn|DropTable|delete\s+from)\b/i;

type Versions = Map<string, string>;

const PKG_META = new Set([
  'name',
  'version',
  'description',
  'main',
  'module',
  'types',
  'typings',
  'type',
  'license',
  'author',
  'homepage',
  'private',
  'packageManager',
]);
const TOML_META = new Set([
  'name',
  'version',
  'edition',
  'description',
  'license',
  'readme',
  'repository',
  'homepage',
  'documentation',
  'publish',
  'resolver',
  'build',
  'requires-python',
  'build-backend',
]);

/** Dependency name → version spec read from manifest lines, by manifest type; null when the file is not a manifest we read. */
function dependencyLines(path: string, lines: readonly string[]): Versions | null {
  const name = basename(path.toLowerCase());
  const out: Versions = new Map();
  const put = (dep: string | undefined, version: string | undefined) => {
    if (dep && version !== undefined) out.set(dep, version.trim());
  };
  if (name === 'package.json' || name === 'composer.json' || name === 'deno.json') {
    for (const l of lines) {
      const m = /^\s*"([^"]+)"\s*:\s*"([^"]*)"\s*,?\s*$/.exec(l);
      if (!m?.[1] || PKG_META.has(m[1])) continue;
      if (/^(?:[\^~<>=*]|\d|v\d|npm:|workspace:|git|github:|file:|link:|latest$|next$|dev-)/.test(m[2] ?? '')) put(m[1], m[2]);
    }
    return out;
  }
  if (/^(?:requirements|constraints)[^/]*\.txt$/.test(name) || /(?:^|\/)requirements\/[^/]+\.txt$/.test(path)) {
    for (const l of lines) {
      const m = /^\s*([A-Za-z0-9_.-]+(?:\[[^\]]*\])?)\s*(===?|>=|~=|<=|>|<|!=)\s*([^\s;#,]+)/.exec(l);
      if (m) put(m[1], `${m[2]}${m[3]}`);
    }
    return out;
  }
  if (name === 'pyproject.toml' || name === 'cargo.toml' || name === 'pipfile') {
    for (const l of lines) {
      const pep = /^\s*["']([A-Za-z0-9_.-]+(?:\[[^\]]*\])?)\s*(===?|>=|~=|<=|>|<|!=)\s*([^"'\s;,]+)/.exec(l);
      if (pep) {
        put(pep[1], `${pep[2]}${pep[3]}`);
        continue;
      }
      const inline = /^\s*([A-Za-z0-9_.-]+)\s*=\s*\{[^}]*\bversion\s*=\s*"([^"]+)"/.exec(l);
      if (inline) {
        put(inline[1], inline[2]);
        continue;
      }
      const plain = /^\s*([A-Za-z0-9_.-]+)\s*=\s*"([^"]+)"\s*$/.exec(l);
      if (plain?.[1] && !TOML_META.has(plain[1]) && /^(?:[\^~<>=*]|\d)/.test(plain[2] ?? '')) put(plain[1], plain[2]);
    }
    return out;
  }
  if (name === 'go.mod') {
    for (const l of lines) {
      const m = /^\s*(?:require\s+)?([A-Za-z0-9._~-]+\.[A-Za-z0-9._~/-]+)\s+(v[0-9][^\s]*)/.exec(l);
      if (m) put(m[1], m[2]);
    }
    return out;
  }
  if (name === 'gemfile' || name.endsWith('.gemspec')) {
    for (const l of lines) {
      const m = /^\s*(?:gem|s(?:pec)?\.add_(?:runtime_)?dependency)\s*\(?\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"])?/.exec(l);
      if (m) put(m[1], m[2] ?? '');
    }
    return out;
  }
  if (name === 'build.gradle' || name === 'build.gradle.kts') {
    for (const l of lines) {
      const m = /\b(?:implementation|api|compile|runtimeOnly|compileOnly)\s*\(?\s*['"]([^:'"]+:[^:'"]+):([^'"]+)['"]/.exec(l);
      if (m) put(m[1], m[2]);
    }
    return out;
  }
  return null;
}

function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const ERROR_HANDLING: { label: string; re: RegExp }[] = [
  // The handler, not the `try`: one removed try/catch block counts once.
  { label: 'try/catch', re: /\bcatch\s*(?:\(|\{)|\.catch\(/ },
  { label: 'except', re: /^\s*except\b/ },
  { label: 'rescue', re: /(?:^|\s)rescue\b/ },
  { label: 'if err != nil', re: /\bif\s+(?:[\w, ]+:?=\s*[^;{]+;\s*)?err\s*!=\s*nil\b/ },
  { label: 'recover()', re: /\brecover\(\)/ },
];

const MAX_SIGNALS = 10;

/**
 * Risk signals in a unified diff (as `git show` prints it): new environment
 * variables read, migrations added or changed (destructive ones named),
 * dependency version bumps and additions, error handling removed. Moved code
 * is not a signal: a variable read or handler removed in one place and added
 * in another cancels out. Docs and tests are ignored except for migrations.
 */
export function riskSignals(diff: string): string[] {
  const files = parseUnifiedDiff(diff);
  const signals: string[] = [];
  const code = files.filter((f) => {
    const kind = classifyPath(f.path);
    return kind !== 'docs' && kind !== 'tests';
  });

  // New environment variables read (compared across the whole diff, so moved code is quiet).
  const removedEnv = envNames(code.flatMap((f) => f.removed));
  for (const f of code) {
    const fresh = [...envNames(f.added)].filter((n) => !removedEnv.has(n));
    if (fresh.length > 0) {
      signals.push(`reads new environment variable${fresh.length === 1 ? '' : 's'} ${listed(fresh)} in ${f.path}`);
    }
  }

  // Migrations.
  for (const f of files) {
    if (classifyPath(f.path) !== 'migration') continue;
    signals.push(`${f.isNew ? 'adds' : 'changes'} a migration: ${f.path}`);
    const destructive = f.added.map((l) => DESTRUCTIVE.exec(l)?.[1]).find((m) => m !== undefined);
    if (destructive)
      signals.push(
        `destructive migration (${destructive.replace(/\s+/g, ' ').toUpperCase()}) in ${f.path}: rolling back will not bring the data back`,
      );
  }

  // Dependencies.
  for (const f of files) {
    const before = dependencyLines(f.path, f.removed);
    const after = dependencyLines(f.path, f.added);
    if (!before || !after) continue;
    const bumps: string[] = [];
    const added: string[] = [];
    for (const [dep, version] of after) {
      const old = before.get(dep);
      if (old === undefined) added.push(version ? `${dep} ${version}` : dep);
      else if (old !== version) bumps.push(`${dep} ${old || '(any)'} → ${version || '(any)'}`);
    }
    if (f.isNew) {
      if (after.size > 0) signals.push(`new dependency manifest ${f.path} (${plural(after.size, 'dependency')})`);
      continue;
    }
    if (bumps.length > 0) signals.push(`dependency bump in ${f.path}: ${listed(bumps)}`);
    if (added.length > 0) signals.push(`new dependency in ${f.path}: ${listed(added)}`);
  }

  // Removed error handling.
  for (const f of code) {
    const lost: string[] = [];
    for (const { label, re } of ERROR_HANDLING) {
      const net = f.removed.filter((l) => re.test(l)).length - f.added.filter((l) => re.test(l)).length;
      if (net > 0) lost.push(net === 1 ? label : `${label} ×${net}`);
    }
    if (lost.length > 0) signals.push(`removes error handling (${lost.join(', ')}) in ${f.path}`);
  }

  return signals.length > MAX_SIGNALS ? [...signals.slice(0, MAX_SIGNALS), `and ${signals.length - MAX_SIGNALS} more`] : signals;
}
