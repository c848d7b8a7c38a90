import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/ui/fit-context.js';
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
