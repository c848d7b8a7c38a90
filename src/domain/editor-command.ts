// Which editor a long answer is written in, and what comes back from it. Like
// git: $VISUAL, then $EDITOR, then vi. The value is split into words the way a
// shell would (quotes, backslashes), but nothing is expanded and no shell runs
// it: `code --wait` and `"/opt/My Editor/edit" -w` work, `$(…)` stays text.
import { stripControl } from './sanitize.js';
import { maskSecrets } from './secrets.js';

export type EditorCommand = { ok: true; argv: string[]; source: string } | { ok: false; error: string };

export function editorCommand(env: Readonly<Record<string, string | undefined>>): EditorCommand {
  for (const name of ['VISUAL', 'EDITOR']) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    const words = splitWords(value);
    if (!words.ok) return { ok: false, error: `$${name} (${value}) cannot be read: ${words.error}. Fix it, or type the answer here.` };
    return { ok: true, argv: words.words, source: `$${name}` };
  }
  return { ok: true, argv: ['vi'], source: 'the default (neither $VISUAL nor $EDITOR is set)' };
}

/** Shell-like word splitting without expansion: whitespace separates, quotes and backslashes group. */
export function splitWords(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      // Inside double quotes a backslash escapes only what POSIX says it does.
      if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i]!;
      else if (c === '"') quote = null;
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'it ends with a backslash' };
      word = (word ?? '') + line[++i]!;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return { ok: false, error: `a ${quote === '"' ? 'double' : 'single'} quote is not closed` };
  if (word !== null) words.push(word);
  if (words.length === 0) return { ok: false, error: 'it names no program' };
  return { ok: true, words };
}

/**
 * What the editor saved, as it may be shown and stored: escape sequences and
 * control characters out (line breaks kept, tabs as spaces, CRLF as LF),
 * trailing whitespace of each line and of the whole gone, secrets masked.
 */
export function cleanEditorText(raw: string): string {
  const text = stripControl(raw.replace(/^\uFEFF/, ''))
    .replace(/\t/g, '    ')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
  return maskSecrets(text);
}
