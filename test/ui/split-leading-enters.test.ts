import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { splitLeadingEnters } from '../../src/ui/use-stable-input.js';
import { applyKey } from '../../src/ui/text-editing.js';

const plain = { return: false } as Key;

describe('splitLeadingEnters', () => {
  it('an Enter typed while the app was busy, then the next answer: Enter first, then the text with its Enter', () => {
    const parts = splitLeadingEnters('\r10 min ago\r', plain);
    expect(parts.map(([i, k]) => [i, k.return])).toEqual([
      ['', true],
      ['10 min ago\r', false],
    ]);
    // The second part is what a paste with Enter always was: the text, submitted.
    const typed = applyKey({ value: '', cursor: 0 }, parts[1]![0], parts[1]![1]);
    expect(typed).toMatchObject({ state: { value: '10 min ago' }, submit: true });
  });

  it('several Enters split into several; a lone Enter or plain text is untouched', () => {
    expect(splitLeadingEnters('\r\r1', plain).map(([i, k]) => [i, k.return])).toEqual([
      ['', true],
      ['', true],
      ['1', false],
    ]);
    expect(splitLeadingEnters('\r\nx', plain)).toHaveLength(2);
    expect(splitLeadingEnters('\r', { return: true } as Key)).toEqual([['\r', { return: true }]]);
    expect(splitLeadingEnters('db down\r', plain)).toEqual([['db down\r', plain]]);
    expect(splitLeadingEnters('abc', plain)).toEqual([['abc', plain]]);
  });
});

import { footerHints } from '../../src/ui/keymap.js';

describe('footerHints', () => {
  it('fits the width: Ctrl-X becomes ^X, then the least urgent hints go; keys and leave always stay', () => {
    expect(footerHints(true, [], 200)).toBe(
      'Ctrl-N note · Ctrl-P update · Ctrl-T timeline · Ctrl-R runbooks · Ctrl-O roles · Ctrl-K keys · Ctrl-C leave',
    );
    expect(footerHints(true, [], 100)).toBe('^N note · ^P update · ^T timeline · ^R runbooks · ^O roles · ^K keys · ^C leave');
    const narrow = footerHints(true, [], 40);
    expect(narrow.length).toBeLessThanOrEqual(40);
    expect(narrow).toMatch(/\^K keys · \^C leave$/);
    expect(footerHints(false, [], 100)).toBe('n note · u update · t timeline · r runbooks · o roles · ? keys · q leave');
  });
});
