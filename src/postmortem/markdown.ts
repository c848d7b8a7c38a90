// Markdown building blocks shared by the post-mortem's sections: tables,
// cleaned free text (escapes stripped, secrets masked again — the file goes
// into git), bullets, and minute-precision UTC times.
import { formatDuration, utcDate } from '../domain/format-time.js';
import { oneLine as joinLines, stripControl } from '../domain/sanitize.js';
import { maskSecrets } from '../domain/secrets.js';

export const NOT_RECORDED = '_Not recorded._';

export function section(title: string, body: string): string {
  return `## ${title}\n\n${body}\n`;
}

export function table(header: string[], rows: (string | null)[][]): string {
  const line = (cells: (string | null)[]) => `| ${cells.map((c) => (c === null ? NOT_RECORDED : cell(c))).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A table cell: one line, `|` escaped, line breaks as `<br>`. */
export function cell(s: string): string {
  const text = block(s);
  return text === '' ? NOT_RECORDED : text.replace(/\\?\|/g, '\\|').replace(/\n+/g, '<br>');
}

/**
 * Multi-line free text: escapes and control characters removed, line ends
 * normalised, secrets masked again (this file goes into git; masking is
 * idempotent, so text masked when it was typed is unchanged).
 */
export function block(s: string): string {
  return maskSecrets(stripControl(s))
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/** One line of free text, cleaned like `block`. */
export function inline(s: string): string {
  return joinLines(block(s)).replace(/\s+/g, ' ');
}

export function blockOr(s: string | null | undefined): string {
  const text = typeof s === 'string' ? block(s) : '';
  return text === '' ? NOT_RECORDED : text;
}

export function orNull(s: string | null | undefined): string | null {
  return typeof s === 'string' && s.trim() !== '' ? s : null;
}

/** Several items typed as one answer, separated by ';' or new lines, as a bullet list. */
export function splitItems(s: string | null | undefined): string[] {
  if (typeof s !== 'string') return [];
  return block(s)
    .split(/[;\n]/)
    .map((x) =>
      x
        .trim()
        .replace(/^(?:[-*•]|\d+[.)])\s+/, '')
        .trim(),
    )
    .filter((x) => x !== '');
}

export function bullets(s: string | null | undefined): string {
  const items = splitItems(s);
  return items.length === 0 ? NOT_RECORDED : items.map((x) => `- ${x}`).join('\n');
}

export function humanise(id: string): string {
  if (/\s/.test(id)) return id;
  const words = id.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ── time (UTC) ──────────────────────────────────────────────────────────────
// formatDuration and utcDate come from domain/format-time.ts; its other UTC
// forms carry seconds and a " UTC" suffix, while tables here put "UTC" in the
// header, so the minute-precision forms are local.

export function iso(s: string): string | null {
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** "2026-11-25 02:10"; unparsable input is shown as typed (cleaned). */
export function ymdhm(s: string): string {
  const i = iso(s);
  return i ? `${i.slice(0, 10)} ${i.slice(11, 16)}` : inline(s);
}

export function ymd(s: string): string {
  return iso(s) ? utcDate(s) : inline(s);
}

export function hm(s: string): string {
  const i = iso(s);
  return i ? i.slice(11, 16) : inline(s);
}

export function span(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? 'an unknown time' : formatDuration(ms);
}
