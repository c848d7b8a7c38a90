import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { applyKey, maskedText, type KeyInfo, type LineState } from '../../src/ui/text-editing.js';
import { splitChunk } from '../../src/ui/use-stable-input.js';
import { isEditorKey } from '../../src/ui/keymap.js';

const none: KeyInfo = {
  return: false,
  backspace: false,
  delete: false,
  leftArrow: false,
  rightArrow: false,
  ctrl: false,
  meta: false,
  tab: false,
  escape: false,
  upArrow: false,
  downArrow: false,
};
const at = (value: string, cursor = value.length): LineState => ({ value, cursor });

describe('applyKey', () => {
  it.each<[string, LineState, string, Partial<KeyInfo>, LineState, boolean, boolean]>([
    ['types at the cursor', at('db dwn', 4), 'o', {}, at('db down', 5), false, false],
    ['text and Enter in one chunk: typed, then submitted, flagged as a paste', at(''), 'db down\r', {}, at('db down'), true, true],
    ['Enter alone submits, not a paste', at('db down'), '', { return: true }, at('db down'), true, false],
    ['a bare CR chunk submits without being a paste', at('x'), '\r', {}, at('x'), true, false],
    ['a multi-line paste joins into one line, nothing dropped', at(''), 'line one\nline two\n', {}, at('line one line two'), true, true],
    ['escape sequences in a paste are dropped whole', at(''), 'a\u001b[31mb', {}, at('ab'), false, false],
    ['Backspace erases before the cursor', at('abc', 2), '', { backspace: true }, at('ac', 1), false, false],
    ['DEL reported as delete erases backwards too', at('abc'), '\u007f', { delete: true }, at('ab'), false, false],
    ['several Backspaces in one chunk erase that many', at('abcd'), '\u007f\u007f', {}, at('ab'), false, false],
    ['Backspace at the start does nothing', at('abc', 0), '', { backspace: true }, at('abc', 0), false, false],
    ['Ctrl-A and Ctrl-E move to the ends', at('abc', 1), 'e', { ctrl: true }, at('abc', 3), false, false],
    ['Ctrl-U clears to the start', at('abc def', 4), 'u', { ctrl: true }, at('def', 0), false, false],
    ['Ctrl-W deletes a word', at('roll back now'), 'w', { ctrl: true }, at('roll back '), false, false],
    ['Home and End', at('abc', 1), '', { home: true }, at('abc', 0), false, false],
    ['arrows move within bounds', at('ab', 2), '', { rightArrow: true }, at('ab', 2), false, false],
    ['other Ctrl keys and Escape change nothing', at('ab'), 'x', { ctrl: true }, at('ab'), false, false],
  ])('%s', (_name, state, input, key, expected, submit, pasted) => {
    const r = applyKey(state, input, { ...none, ...key });
    expect(r.state).toEqual(expected);
    expect(r.submit).toBe(submit);
    expect(r.pasted).toBe(pasted);
  });

  it('Ctrl-G in the same chunk as typed text: the text is typed, then the editor key comes on its own', () => {
    const [[text, textKey], [g, gKey]] = splitChunk(' down\u0007', none as Key) as [[string, Key], [string, Key]];
    expect(applyKey(at('db'), text, textKey)).toEqual({ state: at('db down'), submit: false, pasted: false });
    expect(isEditorKey(g, gKey)).toBe(true);
  });
});

describe('a secret in the field is one unit while editing (it is shown masked)', () => {
  const NPM = `npm_${'a1B2c3D4e5'.repeat(3)}abcdef`; // npm_ + 36
  const GHP = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
  const back = { ...none, backspace: true };

  it('Backspace at the end of a token takes the whole token, not one character (which would unmask the rest)', () => {
    expect(applyKey(at(`key ${NPM}`), '', back).state).toMatchObject(at('key '));
    expect(applyKey(at(`token ${GHP} x`, `token ${GHP}`.length), '', back).state).toMatchObject(at('token  x', 'token '.length));
  });

  it('← and → step over a token whole; typing never lands inside one', () => {
    const s = at(`a ${GHP} b`, `a ${GHP}`.length);
    const left = applyKey(s, '', { ...none, leftArrow: true }).state;
    expect(left.cursor).toBe(2);
    expect(applyKey(left, '', { ...none, rightArrow: true }).state.cursor).toBe(`a ${GHP}`.length);
    // Home, then → once: into the token would be inside it; typing there goes after it instead.
    const inside = { value: `a ${GHP} b`, cursor: 10 };
    expect(applyKey(inside, 'X', none).state).toMatchObject({ value: `a ${GHP}X b`, cursor: `a ${GHP}X`.length });
  });

  it('remembers the secrets it held, and masks them in what it gives out even once the patterns no longer see them', () => {
    let s: LineState = at('');
    s = applyKey(s, `ab ${GHP}`, none).state;
    expect(s.secrets).toEqual([GHP]);
    s = applyKey(s, '', { ...none, leftArrow: true }).state; // before the token
    s = applyKey(s, '', back).state; // the space: "abghp_…"
    expect(s.value).toBe(`ab${GHP}`);
    expect(maskedText(s)).toBe('abghp_****');
    expect(maskedText(at('no secret here'))).toBe('no secret here');
  });

  it('text without a secret edits one character at a time, as before', () => {
    expect(applyKey(at('db down'), '', back).state).toEqual(at('db dow'));
    expect(applyKey(at('db down', 3), '', { ...none, leftArrow: true }).state.cursor).toBe(2);
  });
});

describe('secrets the patterns no longer see are still units (review)', () => {
  const GHP = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
  const key = (k: Partial<KeyInfo>): KeyInfo => ({ ...none, ...k });
  const type = (s: LineState, text: string): LineState => [...text].reduce((st, ch) => applyKey(st, ch, none).state, s);
  const leaks = (s: LineState, secretPart: string) => s.value.includes(secretPart) && maskedText(s).includes(secretPart);

  it('a token made unrecognisable by a letter typed before it: Backspace at its end still takes it whole', () => {
    let s = applyKey(at(''), GHP, none).state;
    s = applyKey(s, '', key({ home: true })).state;
    s = applyKey(s, 'x', none).state; // "xghp_…": no word boundary, the pattern no longer matches
    expect(maskedText(s)).toBe('xghp_****');
    s = applyKey(s, '', key({ end: true })).state;
    s = applyKey(s, '', key({ backspace: true })).state;
    expect(s.value).toBe('x');
  });

  it('an AWS key with a letter after it: the arrows step over it and typing never splits it', () => {
    let s = applyKey(at(''), 'AKIAIOSFODNN7EXAMPLE', none).state;
    s = applyKey(s, 'y', none).state;
    s = applyKey(s, '', key({ leftArrow: true })).state;
    s = applyKey(s, '', key({ leftArrow: true })).state;
    expect(s.cursor).toBe(0);
    s = applyKey(s, '', key({ rightArrow: true })).state;
    expect(s.cursor).toBe(20);
    s = applyKey(s, 'z', none).state;
    expect(s.value).toBe('AKIAIOSFODNN7EXAMPLEzy');
    expect(maskedText(s)).not.toContain('IOSFODNN');
  });

  it('Ctrl-W and Ctrl-U never cut a secret in half', () => {
    const phrase = applyKey(at(''), 'db password="correct horse battery"', none).state;
    expect(applyKey(phrase, 'w', key({ ctrl: true })).state.value).toBe('db ');
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEAqwertyuiopasdfghjkl', 'qwertyuiop12', '-----END RSA PRIVATE KEY-----'].join(' ');
    const block = applyKey(at(''), `key: ${pem}`, none).state;
    expect(applyKey(block, 'w', key({ ctrl: true })).state.value).toBe('key: ');
    const inside = { ...applyKey(at(''), `see ${GHP} now`, none).state, cursor: 'see ghp_A1b2'.length };
    expect(applyKey(inside, 'u', key({ ctrl: true })).state.value).toBe(' now');
  });

  it('a hidden secret is remembered however much is typed after it', () => {
    let s = applyKey(at(''), `ab ${GHP}`, none).state;
    s = applyKey(s, '', key({ leftArrow: true })).state;
    s = applyKey(s, '', key({ backspace: true })).state; // "abghp_…"
    s = applyKey(s, '', key({ end: true })).state;
    s = type(s, ' password=hunter2hunter2hunter2hunter2 and more words typed one key at a time');
    expect(leaks(s, 'A1b2C3d4')).toBe(false);
    expect(maskedText(s)).toMatch(/^abghp_\*{4} password=\*{4} and more/);
  });

  it('two secrets run together show as one mask, no part of the second left over', () => {
    const s = applyKey(at(''), `${GHP.slice(0, 30)}password=hunter2`, none).state;
    expect(maskedText(s)).not.toContain('hunter2');
  });
});
