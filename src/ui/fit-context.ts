// A frame as tall as the terminal makes Ink clear the screen and the
// scrollback on every redraw (the clock redraws each second). So the context
// above a question gives way first: dim lines go before warnings and facts.
import stringWidth from 'string-width';
import type { ContextLine } from '../machine/prompts.js';

/** Rows a text takes when wrapped: per line, by display width (wide characters count double). */
export function linesTall(text: string, columns: number): number {
  const width = Math.max(1, columns);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(stringWidth(line) / width)), 0);
}

/** The first lines of a text that fit in `rows`, with a marker when something was cut. */
export function fitText(text: string, rows: number, columns: number): string {
  if (linesTall(text, columns) <= rows) return text;
  const kept: string[] = [];
  let used = 1; // the marker
  for (const line of text.split('\n')) {
    const h = linesTall(line, columns);
    if (used + h > rows) break;
    kept.push(line);
    used += h;
  }
  return [...kept, '… (more in a taller terminal)'].join('\n');
}

export function fitContext(lines: readonly ContextLine[], budget: number, columns: number): ContextLine[] {
  const total = lines.reduce((n, l) => n + linesTall(l.text, columns), 0);
  if (total <= budget) return [...lines];
  const keep = new Set<number>();
  let used = 1; // room for the "more" line
  for (const pass of [(l: ContextLine) => l.tone !== 'dim', (l: ContextLine) => l.tone === 'dim']) {
    lines.forEach((l, i) => {
      if (!pass(l) || keep.has(i)) return;
      const h = linesTall(l.text, columns);
      if (used + h <= budget) {
        keep.add(i);
        used += h;
      }
    });
  }
  const kept = lines.filter((_, i) => keep.has(i));
  return budget > 0 ? [...kept, { text: '… (more in a taller terminal)', tone: 'dim' }] : [];
}

/** The lines of a field's text that are shown, and how many are left out above and below. */
export interface FieldWindow {
  value: string;
  cursor: number;
  above: number;
  below: number;
}

/**
 * A long answer (from the editor) shown in at most `rows` rows: the lines
 * around the cursor, the rest counted, so the frame stays shorter than the
 * terminal. Each line is drawn after a 2-column prompt or indent.
 */
export function fieldWindow(value: string, cursor: number, rows: number, columns: number): FieldWindow {
  const lines = value.split('\n');
  const heights = lines.map((l) => linesTall(`› ${l}`, columns));
  if (heights.reduce((a, b) => a + b, 0) <= rows) return { value, cursor, above: 0, below: 0 };
  let at = 0;
  let start = 0;
  while (at < lines.length - 1 && cursor > start + lines[at]!.length) {
    start += lines[at]!.length + 1;
    at++;
  }
  // Two rows for the "more" markers; lines before the cursor first, as it is usually at the end.
  const budget = Math.max(1, rows - 2);
  let first = at;
  let last = at;
  let used = heights[at]!;
  while (first > 0 && used + heights[first - 1]! <= budget) used += heights[--first]!;
  while (last < lines.length - 1 && used + heights[last + 1]! <= budget) used += heights[++last]!;
  const offset = lines.slice(0, first).reduce((n, l) => n + l.length + 1, 0);
  return {
    value: lines.slice(first, last + 1).join('\n'),
    cursor: cursor - offset,
    above: first,
    below: lines.length - 1 - last,
  };
}
