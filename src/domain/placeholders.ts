// `{{param}}` placeholders in a runbook command's argv, and how a resolved
// argv is shown before it runs.
//
// Commands never go through a shell: each argv element reaches execve as one
// argument. So substitution is textual INSIDE one element and never splits or
// joins elements: a value containing `;`, `$(rm -rf /)`, `&&`, spaces, quotes
// or newlines stays one literal argument, and values are not shell-escaped
// (there is no shell to escape for). Substitution is a single pass, so a value
// that itself contains `{{other}}` is not expanded again.
//
// Grammar: `{{name}}` or `{{ name }}`, name = PARAM_NAME. Anything else between
// braces (Go templates such as `{{.Names}}` or `{{ json .Config }}` in a
// `docker --format`) is left alone. `\{{` is a literal `{{` (for a Go template
// keyword that looks like a name: `\{{end}}` runs as `{{end}}`).
//
// An empty or blank value counts as missing: `rm -rf /srv/data/{{dir}}` with
// an empty `dir` must not become `rm -rf /srv/data/`.

/** A parameter name: a letter or `_`, then letters, digits, `_` or `-`. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// Either an escaped `\{{` or a placeholder; one regex so one pass sees both.
const TOKEN = /\\\{\{|\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;

/** Placeholder names used in argv, in order of first use, each once. */
export function placeholdersIn(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (const arg of argv) {
    for (const match of arg.matchAll(TOKEN)) {
      const name = match[1];
      if (name !== undefined && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

export type ResolvedArgv = { ok: true; argv: string[] } | { ok: false; missing: string[] };

/**
 * Substitutes `{{name}}` inside each element. Every placeholder without a
 * non-blank value is reported in `missing` (in order, once); nothing is
 * substituted then. Only own properties of `values` count (`{{constructor}}`
 * is not satisfied by Object.prototype).
 */
export function resolveArgv(argv: readonly string[], values: Readonly<Record<string, string>>): ResolvedArgv {
  const missing = placeholdersIn(argv).filter((name) => valueOf(values, name) === undefined);
  if (missing.length > 0) return { ok: false, missing };
  const resolved = argv.map((arg) =>
    arg.replace(TOKEN, (whole: string, name: string | undefined) => {
      if (name === undefined) return '{{'; // the `\{{` escape
      return valueOf(values, name) ?? whole;
    }),
  );
  return { ok: true, argv: resolved };
}

function valueOf(values: Readonly<Record<string, string>>, name: string): string | undefined {
  if (!Object.hasOwn(values, name)) return undefined;
  const value: unknown = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Names whose value starts with `-` where the placeholder starts an argv
 * element: the command will read such a value as an option (`git log {{ref}}`
 * with ref `--output=/etc/passwd`). Not an error (a negative number is
 * legitimate), but worth a warning beside the resolved command.
 */
export function optionLikeValues(argv: readonly string[], values: Readonly<Record<string, string>>): string[] {
  const names: string[] = [];
  for (const arg of argv) {
    const first = /^\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/.exec(arg);
    const name = first?.[1];
    if (name === undefined || names.includes(name)) continue;
    if (valueOf(values, name)?.startsWith('-')) names.push(name);
  }
  return names;
}

// Characters that never need quoting in a POSIX shell word.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
// Characters a terminal would act on or hide: C0, DEL, C1, and the Unicode
// format characters that reorder or hide text (bidi overrides, zero-width).
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;

/**
 * One copy-pasteable line for an argv, as a POSIX shell would need it:
 * plain words stay bare, anything else is single-quoted (`'` written `'\''`),
 * the empty string is `''`. An element holding control or invisible
 * characters (a newline, an ESC, a bidi override) is written as `$'…'` with
 * escapes instead, so what is shown is what runs and the line stays one line
 * (bash, zsh, ksh and POSIX.1-2024 sh read `$'…'`).
 *
 * Display only: nothing is ever run through this string. Mask it
 * (maskSecrets) before storing it.
 */
export function describeArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (word === '') return "''";
  if (INVISIBLE.test(word)) return dollarQuote(word);
  // `=` first would be an expansion in zsh; `~` anywhere is quoted by SAFE.
  if (SAFE.test(word) && !word.startsWith('=')) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\u001B': '\\e',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\\': '\\\\',
  "'": "\\'",
};

function dollarQuote(word: string): string {
  let out = "$'";
  for (const ch of word) {
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (INVISIBLE.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      out += code <= 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}
