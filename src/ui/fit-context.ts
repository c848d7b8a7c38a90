// A frame as tall as the terminal makes Ink clear the screen and the
// scrollback on every redraw (the clock redraws each second). So the context
// above a question gives way first: dim lines go before warnings and facts.
import type { ContextLine } from '../machine/prompts.js';

export function linesTall(text: string, columns: number): number {
  return Math.max(1, Math.ceil(text.length / Math.max(1, columns)));
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
