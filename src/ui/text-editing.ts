// Line editing as a pure function of (value, cursor, key chunk). Kept out of
// the component so it is table-tested, and so a pasted chunk with a newline
// in it ("db down\r") is split into text + Enter — Ink reports it as one input.
import { stripControl } from '../domain/sanitize.js';
import { maskWithCursor, rememberSecrets, secretUnits, type Span } from '../domain/secrets.js';

export interface LineState {
  value: string;
  cursor: number;
  /**
   * Secrets this field has held, as typed: still masked (on the screen and in
   * what is saved) where an edit next to one hides it from the patterns,
   * "ab ghp_…" becoming "abghp_…".
   */
  secrets?: readonly string[];
}

export interface KeyInfo {
  return: boolean;
  backspace: boolean;
  delete: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  ctrl: boolean;
  meta: boolean;
  tab: boolean;
  escape: boolean;
  upArrow: boolean;
  downArrow: boolean;
  home?: boolean;
  end?: boolean;
}

export interface EditResult {
  state: LineState;
  submit: boolean;
  /** Enter came in the same chunk as typed text: a paste or send-keys, not a person pressing Enter. */
  pasted: boolean;
}

/** Whole escape sequences go (not just their ESC), then any other control character, tabs included. */
const clean = (text: string): string => stripControl(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

export function applyKey(state: LineState, input: string, key: KeyInfo): EditResult {
  const result = edit(state, input, key);
  if (result.state === state) return result;
  // What the field held before counts too: a field filled from a draft or the editor has not been scanned yet.
  const known = state.secrets ?? rememberSecrets([], state.value);
  const secrets = rememberSecrets(known, result.state.value);
  if (secrets.length === 0 && state.secrets === undefined) return result;
  return { ...result, state: { ...result.state, secrets } };
}

/** The text with every secret masked, those the patterns see and those the field remembers: what is saved. */
export function maskedText(line: LineState): string {
  return maskWithCursor(line.value, line.value.length, line.secrets ?? []).value;
}

function edit(state: LineState, input: string, key: KeyInfo): EditResult {
  const { value, cursor } = state;
  const same = { state, submit: false, pasted: false };
  if (key.return) return { state, submit: true, pasted: false };
  if (key.ctrl) {
    switch (input) {
      case 'a':
        return { state: { value, cursor: 0 }, submit: false, pasted: false };
      case 'e':
        return { state: { value, cursor: value.length }, submit: false, pasted: false };
      case 'u':
        return { state: cut(state, 0), submit: false, pasted: false };
      case 'w':
        return { state: cut(state, value.slice(0, cursor).replace(/\S+\s*$/, '').length), submit: false, pasted: false };
      default:
        return same;
    }
  }
  // Terminals send DEL for Backspace; Ink reports it as `delete`. Both erase backwards.
  // Several Backspaces in one chunk (keys sent faster than they are read) arrive as one input of DELs:
  // each still erases one character.
  const erases = key.backspace || key.delete ? Math.max(1, input.length) : /^[\u0008\u007f]+$/.test(input) ? input.length : 0;
  if (erases > 0) {
    let next = state;
    for (let i = 0; i < erases && next.cursor > 0; i++) next = eraseBack(next);
    return next === state ? same : { state: next, submit: false, pasted: false };
  }
  if (key.home) return { state: { value, cursor: 0 }, submit: false, pasted: false };
  if (key.end) return { state: { value, cursor: value.length }, submit: false, pasted: false };
  // A secret (shown masked) is one unit: the cursor steps over it whole, never into it.
  if (key.leftArrow) {
    const over = unitEndingAt(state);
    return { state: { value, cursor: over ? over.start : Math.max(0, cursor - 1) }, submit: false, pasted: false };
  }
  if (key.rightArrow) {
    const over = units(state).find((s) => s.start <= cursor && cursor < s.end);
    return { state: { value, cursor: over ? over.end : Math.min(value.length, cursor + 1) }, submit: false, pasted: false };
  }
  if (key.meta || key.tab || key.escape || key.upArrow || key.downArrow || input === '') return same;

  const newline = input.search(/[\r\n]/);
  const typed = clean(newline === -1 ? input : input.slice(0, newline));
  // Anything after the first line of a multi-line paste joins the line: never dropped.
  const rest = newline === -1 ? '' : clean(input.slice(newline).replace(/[\r\n]+/g, ' ')).trimEnd();
  const insert = typed + rest;
  // Typing inside a secret (the cursor put there by Home, say) would split it and show its parts: after it instead.
  const at = units(state).find((s) => s.start < cursor && cursor < s.end)?.end ?? cursor;
  const next = { value: value.slice(0, at) + insert + value.slice(at), cursor: at + insert.length };
  return { state: next, submit: newline !== -1, pasted: newline !== -1 && input.slice(0, newline).trim() !== '' };
}

/** The secrets of the field: those the patterns see, and those it remembers. */
function units(state: LineState): Span[] {
  return secretUnits(state.value, state.secrets ?? []);
}

/** The secret that ends at (or holds) the character before the cursor, if any. */
function unitEndingAt(state: LineState): Span | undefined {
  return units(state).find((s) => s.start < state.cursor && state.cursor <= s.end);
}

/** One Backspace: the character before the cursor, or the whole secret it belongs to. */
function eraseBack(state: LineState): LineState {
  const secret = unitEndingAt(state);
  return remove(state, secret ? secret.start : state.cursor - 1, secret ? Math.max(state.cursor, secret.end) : state.cursor);
}

/** Ctrl-U, Ctrl-W: from `from` to the cursor, widened to whole secrets, so none is cut in half. */
function cut(state: LineState, from: number): LineState {
  let start = from;
  let end = state.cursor;
  for (const s of units(state)) {
    if (s.start < end && s.end > start) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    }
  }
  return remove(state, start, end);
}

function remove(state: LineState, from: number, to: number): LineState {
  return { ...state, value: state.value.slice(0, from) + state.value.slice(to), cursor: from };
}
