// Reads the user's and the repository's config.yaml (config-paths.ts), the
// repository's winning key by key. A config problem never stops an incident:
// each is one line at `file:line:col` saying what is wrong and what to do,
// and only the offending key is dropped (a syntax error drops its file) —
// everything else, and the defaults, still apply. Positions and YAML syntax
// are reported as for runbooks (yaml/yaml-source.ts).
//
// The webhook URL is a credential: it is read from the environment variable
// the config names, only when needed, and no message here ever contains it.
import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { stripControl } from '../domain/sanitize.js';
import { maskSecrets } from '../domain/secrets.js';
import { closeMatches } from '../runbooks/lint-runbook.js';
import { describeIssue, describeValue } from '../yaml/describe-issue.js';
import { locateKey, locatorFor, parseYamlSource, syntaxProblems, toData, valueAt, type Path } from '../yaml/yaml-source.js';
import { configFiles } from './config-paths.js';
import {
  FIELD_HELP,
  KNOWN_KEYS,
  configFileSchema,
  resolveConfig,
  type ConfigFile,
  type IncidentConfig,
  type WebhookFormat,
} from './config-schema.js';

export const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_ALIAS_COUNT = 50;

export interface ConfigLoad {
  config: IncidentConfig;
  /** The files that exist and were read, in the order they apply. */
  sources: string[];
  /** `file:line:col: what is wrong and what to do`, one per problem. */
  problems: string[];
}

export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  /** The dotted key it is about, when there is one. */
  field: string | null;
}

export interface ParsedConfigFile {
  file: string;
  data: ConfigFile;
  problems: ConfigProblem[];
  /** Where a dotted path's key is in this file. */
  keyAt: (path: Path) => { line: number; col: number };
}

const URL_REFUSED =
  'put the URL in an environment variable and name it with url_env (url_env: INCIDENT_WEBHOOK_URL); the URL is the credential, so if this file was shared or committed, make a new webhook';

export function loadConfig(opts: { repoRoot: string | null; env: NodeJS.ProcessEnv }): ConfigLoad {
  const sources: string[] = [];
  const parsed: ParsedConfigFile[] = [];
  const problems: ConfigProblem[] = [];
  for (const { file } of configFiles(opts.repoRoot, opts.env)) {
    const read = readConfigFile(file);
    if (read === null) continue;
    sources.push(file);
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const one = parseConfigText(read.text, file);
    parsed.push(one);
    problems.push(...[...one.problems].sort((a, b) => a.line - b.line || a.col - b.col));
  }
  const config = resolveConfig(parsed.map((p) => p.data));
  problems.push(...webhookProblems(config, parsed, opts.env));
  return { config, sources, problems: problems.map(formatConfigProblem) };
}

export function formatConfigProblem(p: ConfigProblem): string {
  return stripControl(`${p.file}:${p.line}:${p.col}: ${p.message}`);
}

/** The text, null when there is no such file (that is fine), or why it cannot be used. */
function readConfigFile(file: string): { text: string } | { problem: ConfigProblem } | null {
  const problem = (message: string): { problem: ConfigProblem } => ({ problem: { file, line: 1, col: 1, message, field: null } });
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return problem('is a folder, not a file; config.yaml must be a YAML file');
    if (stat.size > MAX_CONFIG_BYTES) {
      return problem(`file is ${Math.ceil(stat.size / 1024)} KiB; a config may be at most ${MAX_CONFIG_BYTES / 1024} KiB — ignored`);
    }
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return problem(`cannot read: ${(error as Error).message} — ignored until it can be read`);
  }
}

/** One config file's text → what it sets (bad keys dropped) and its problems. */
export function parseConfigText(text: string, file: string): ParsedConfigFile {
  const source = parseYamlSource(text);
  const { doc, lines } = source;
  const locate = locatorFor(doc, lines);
  const keyAt = (path: Path) => locateKey(doc, lines, path) ?? { line: 1, col: 1 };
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const add = (where: { line: number; col: number }, field: string | null, message: string): void => {
    const key = `${where.line}:${where.col}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ file, line: where.line, col: where.col, message, field });
  };
  const ignored = (): ParsedConfigFile => ({ file, data: {}, problems, keyAt });

  const syntax = syntaxProblems(source);
  for (const p of syntax) add(lines.linePos(p.offset), null, `${p.message} — this file is ignored until it is fixed`);
  if (syntax.length > 0) return ignored();
  const converted = toData(doc, MAX_ALIAS_COUNT);
  if (!converted.ok) {
    add(lines.linePos(converted.offset), null, `${converted.message} — this file is ignored`);
    return ignored();
  }
  if (converted.data === null || converted.data === undefined) return { file, data: {}, problems, keyAt };
  if (typeof converted.data !== 'object' || Array.isArray(converted.data)) {
    add(locate([]) ?? { line: 1, col: 1 }, null, `expected ${FIELD_HELP['']}, got ${show(converted.data)} — this file is ignored`);
    return ignored();
  }
  const raw = converted.data as Record<string, unknown>;

  // A URL anywhere is refused before the schema speaks, and never echoed.
  for (const path of urlValuePaths(raw, [])) {
    add(locate(path) ?? { line: 1, col: 1 }, path.join('.'), `${path.join('.')}: a URL never goes in a config file: ${URL_REFUSED}`);
    prune(raw, path);
  }
  // Zod reports every issue of a map at once; dropping what it named and
  // checking again keeps the rest of the file (a second pass finds nothing new
  // unless a whole map had to go).
  for (let pass = 0; pass < 5; pass++) {
    const result = configFileSchema.safeParse(raw);
    if (result.success) return { file, data: result.data, problems, keyAt };
    for (const issue of result.error.issues) {
      const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          add(keyAt([...path, key]), [...path, key].join('.'), unknownKey(path, key));
          prune(raw, [...path, key]);
        }
        continue;
      }
      add(locate(path) ?? { line: 1, col: 1 }, path.join('.'), wrongValue(issue, path, valueAt(raw, path)));
      prune(raw, path);
    }
  }
  return ignored();
}

function unknownKey(path: Path, key: string): string {
  const field = [...path, key].join('.');
  if (/url/i.test(key) && key !== 'url_env') return `${field}: the webhook URL is never written in a config file: ${URL_REFUSED}`;
  const known = KNOWN_KEYS[path.join('.')] ?? [];
  const close = closeMatches(key, known);
  const hint = close.length > 0 ? `did you mean "${close[0]}"?` : known.length > 0 ? `expected one of ${known.join(', ')}` : 'remove it';
  const where = path.length === 0 ? '' : ` in ${path.join('.')}`;
  return `unknown key "${key}"${where}: ${hint}`;
}

function wrongValue(issue: z.core.$ZodIssue, path: Path, value: unknown): string {
  const field = path.join('.');
  const help = FIELD_HELP[field];
  if (help === undefined) return describeIssue(issue, value, field, show);
  // Whatever was typed where a variable's name goes may be the secret itself.
  const shown = field.endsWith('url_env') && typeof value === 'string' ? 'something else' : show(value);
  return `${field}: expected ${help}, got ${shown} — this key is ignored`;
}

/** A value in a message: URLs are not shown at all, other text with any secret in it masked. */
function show(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  if (LOOKS_LIKE_URL.test(value)) return 'a URL (not shown)';
  return describeValue(maskSecrets(value));
}

const LOOKS_LIKE_URL = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

function urlValuePaths(value: unknown, path: Array<string | number>): Array<Array<string | number>> {
  if (typeof value === 'string') return LOOKS_LIKE_URL.test(value) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([k, v]) => urlValuePaths(v, [...path, k]));
}

function prune(root: Record<string, unknown>, path: Path): void {
  if (path.length === 0) {
    for (const key of Object.keys(root)) delete root[key];
    return;
  }
  const parent = valueAt(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return;
  delete (parent as Record<string | number, unknown>)[path[path.length - 1]!];
}

/** A webhook section with no url_env, and a url_env naming a variable that is unset or holds no http(s) URL. */
function webhookProblems(config: IncidentConfig, parsed: readonly ParsedConfigFile[], env: NodeJS.ProcessEnv): ConfigProblem[] {
  const webhook = config.updates.webhook;
  if (webhook === null) {
    const withSection = parsed.filter((p) => p.data.updates?.webhook !== undefined).at(-1);
    const reported = parsed.some((p) => p.problems.some((q) => q.field?.startsWith('updates.webhook')));
    if (!withSection || reported) return [];
    const at = withSection.keyAt(['updates', 'webhook']);
    return [
      {
        file: withSection.file,
        ...at,
        field: 'updates.webhook',
        message:
          'updates.webhook has no url_env: name the environment variable that holds the webhook URL (url_env: INCIDENT_WEBHOOK_URL); updates will not be posted',
      },
    ];
  }
  const from = parsed.filter((p) => p.data.updates?.webhook?.url_env !== undefined).at(-1)!;
  const at = { file: from.file, ...from.keyAt(['updates', 'webhook', 'url_env']), field: 'updates.webhook.url_env' };
  const name = webhook.urlEnv;
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    return [
      { ...at, message: `${name} is not set: updates will not be posted (export ${name}=<the webhook URL> before running incident)` },
    ];
  }
  if (webhookHost(value) === null) {
    return [{ ...at, message: `${name} does not hold an http(s) URL: updates will not be posted (check what it is set to)` }];
  }
  return [];
}

/** Where to post, read from the environment now; null when no webhook is configured or its variable holds no usable URL. */
export interface WebhookTarget {
  /** The secret: pass it to postUpdate, never to a message, the timeline or a log. */
  url: string;
  /** The variable it came from, which messages name instead of the URL. */
  envName: string;
  /** The host alone (`hooks.slack.com`), safe to show. */
  host: string;
  format: WebhookFormat;
  timeoutMs: number;
}

export function webhookTarget(config: IncidentConfig, env: NodeJS.ProcessEnv): WebhookTarget | null {
  const webhook = config.updates.webhook;
  if (webhook === null) return null;
  const url = env[webhook.urlEnv]?.trim() ?? '';
  const host = webhookHost(url);
  if (host === null) return null;
  return { url, envName: webhook.urlEnv, host, format: webhook.format, timeoutMs: Math.round(webhook.timeoutSeconds * 1000) };
}

/** The host of an http(s) URL (never its path, query or credentials), else null. */
export function webhookHost(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.host;
  } catch {
    return null;
  }
}
