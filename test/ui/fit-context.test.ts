import { describe, expect, it } from 'vitest';
import { fieldWindow, fitContext } from '../../src/ui/fit-context.js';
import type { ContextLine } from '../../src/machine/prompts.js';

const lines: ContextLine[] = [
  { text: 'SEV-2 — a core workflow is broken', tone: 'warn' },
  { text: 'Decided by: app down: no → core broken: yes', tone: 'dim' },
  { text: 'The five triage questions:', tone: 'info' },
  { text: 'What is broken?   Checkout', tone: 'dim' },
  { text: 'Since when?       12:54', tone: 'dim' },
];

describe('fitContext', () => {
  it('keeps everything when it fits', () => {
    expect(fitContext(lines, 5, 80)).toEqual(lines);
  });
  it('drops dim lines first, keeps order, and says something is hidden', () => {
    const fitted = fitContext(lines, 4, 80);
    expect(fitted.map((l) => l.text)).toEqual([
      'SEV-2 — a core workflow is broken',
      'Decided by: app down: no → core broken: yes',
      'The five triage questions:',
      '… (more in a taller terminal)',
    ]);
  });
  it('counts wrapped lines', () => {
    const long = [{ text: 'x'.repeat(100), tone: 'warn' as const }];
    expect(fitContext(long, 2, 80)).toEqual(long);
    expect(fitContext(long, 1, 80).map((l) => l.text)).toEqual(['… (more in a taller terminal)']);
  });
  it('shows nothing when there is no room at all', () => {
    expect(fitContext(lines, 0, 80)).toEqual([]);
  });
});

describe('fieldWindow', () => {
  const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
  it('shows a field that fits as it is', () => {
    expect(fieldWindow('one\ntwo', 3, 5, 80)).toEqual({ value: 'one\ntwo', cursor: 3, above: 0, below: 0 });
  });
  it('a long answer with the cursor at its end shows its last lines, and counts the rest', () => {
    expect(fieldWindow(text, text.length, 5, 80)).toEqual({ value: 'line 7\nline 8\nline 9', cursor: 20, above: 7, below: 0 });
  });
  it('keeps the cursor in view wherever it is', () => {
    expect(fieldWindow(text, 0, 5, 80)).toEqual({ value: 'line 0\nline 1\nline 2', cursor: 0, above: 0, below: 7 });
    // The cursor on the line break after "line 4": still line 4.
    const w = fieldWindow(text, text.indexOf('line 5') - 1, 4, 80);
    expect(w).toMatchObject({ value: 'line 3\nline 4', above: 3, below: 5 });
    expect(w.value[w.cursor]).toBeUndefined();
    expect(w.value.slice(0, w.cursor)).toBe('line 3\nline 4');
  });
  it('counts wrapped lines', () => {
    // Six rows in all (the long line takes two): with room for five, three go to lines and two to the markers.
    const wide = ['x', 'y', 'a'.repeat(150), 'c', 'd'].join('\n');
    expect(fieldWindow(wide, wide.length, 5, 80)).toMatchObject({ value: 'c\nd', above: 3, below: 0 });
  });
});
