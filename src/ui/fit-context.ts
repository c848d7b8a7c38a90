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
