import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { splitChunk } from '../../src/ui/use-stable-input.js';
import { applyKey } from '../../src/ui/text-editing.js';

const plain = { return: false } as Key;

describe('splitChunk: keys that arrived together', () => {
  it('an Enter typed while the app was busy, then the next answer: Enter first, then the text with its Enter', () => {
    const parts = splitChunk('\r10 min ago\r', plain);
    expect(parts.map(([i, k]) => [i, k.return])).toEqual([
      ['', true],
      ['10 min ago\r', false],
    ]);
    // The second part is what a paste with Enter always was: the text, submitted.
    const typed = applyKey({ value: '', cursor: 0 }, parts[1]![0], parts[1]![1]);
    expect(typed).toMatchObject({ state: { value: '10 min ago' }, submit: true });
  });

  it('several Enters split into several; a lone Enter or plain text is untouched', () => {
    expect(splitChunk('\r\r1', plain).map(([i, k]) => [i, k.return])).toEqual([
      ['', true],
      ['', true],
      ['1', false],
    ]);
    expect(splitChunk('\r\nx', plain)).toHaveLength(2);
    expect(splitChunk('\r', { return: true } as Key)).toEqual([['\r', { return: true }]]);
    expect(splitChunk('db down\r', plain)).toEqual([['db down\r', plain]]);
    expect(splitChunk('abc', plain)).toEqual([['abc', plain]]);
  });

  it('a Ctrl-letter typed right after text is a key of its own, as if pressed alone (a CI run lost a Ctrl-T this way)', () => {
    const show = (parts: [string, Key][]) => parts.map(([i, k]) => `${k.ctrl ? '^' : ''}${k.return ? '⏎' : ''}${i}`);
    expect(show(splitChunk('t\u0014', plain))).toEqual(['t', '^t']);
    expect(show(splitChunk('half an answer\u0003', plain))).toEqual(['half an answer', '^c']);
    expect(show(splitChunk('\u0014\r', plain))).toEqual(['^t', '⏎']);
    expect(show(splitChunk('db down\r\u000e', plain))).toEqual(['db down\r', '^n']);
    expect(show(splitChunk('\rfix\u0007more', plain))).toEqual(['⏎', 'fix', '^g', 'more']);
    // What text carries stays text: Tab, Backspace, newlines inside a paste, an escape sequence.
    expect(splitChunk('a\tb', plain)).toEqual([['a\tb', plain]]);
    expect(splitChunk('ab\u007f\u0008', plain)).toEqual([['ab\u007f\u0008', plain]]);
    expect(splitChunk('line one\nline two', plain)).toEqual([['line one\nline two', plain]]);
    // A key Ink already recognised is left as it is.
    expect(splitChunk('t', { ctrl: true } as Key)).toEqual([['t', { ctrl: true }]]);
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
