// Every global key in one table: it drives the input handler, the footer hints
// and the `?` help, so what is shown is exactly what works.
export type GlobalAction = 'note' | 'update' | 'timeline' | 'runbooks' | 'roles' | 'help' | 'quit';

export interface KeyBinding {
  action: GlobalAction;
  /** Plain key, active only when no text field has focus. */
  key: string;
  /** Ctrl+letter, active everywhere (also while typing). */
  ctrl: string;
  label: string;
  description: string;
}

export const GLOBAL_KEYS: readonly KeyBinding[] = [
  { action: 'note', key: 'n', ctrl: 'n', label: 'note', description: 'Add a timestamped note to the timeline' },
  { action: 'update', key: 'u', ctrl: 'p', label: 'update', description: 'Draft the next status update (the header counts down to it)' },
  { action: 'timeline', key: 't', ctrl: 't', label: 'timeline', description: 'Show the timeline (scroll with ↑↓ PgUp PgDn)' },
  { action: 'runbooks', key: 'r', ctrl: 'r', label: 'runbooks', description: 'Open a runbook (the ones matching this incident first)' },
  { action: 'roles', key: 'o', ctrl: 'o', label: 'roles', description: 'Who holds which role; hand off command with a summary' },
  { action: 'help', key: '?', ctrl: 'k', label: 'keys', description: 'List the keys' },
  { action: 'quit', key: 'q', ctrl: 'c', label: 'leave', description: 'Leave — everything is saved; `incident` resumes here' },
];

export interface ScreenKey {
  keys: string;
  description: string;
}

/**
 * Opens the answer being typed in $VISUAL / $EDITOR. Ctrl-G because it is free
 * everywhere: Ctrl-E is End (readline), Ctrl-X Ctrl-E would need a chord, and
 * C-c C-z C-\ C-s C-q are the terminal's own (signals, flow control).
 */
export const EDITOR_KEY = { ctrl: 'g', keys: 'Ctrl-G', description: 'write it in $EDITOR' } as const;

export function isEditorKey(input: string, key: { ctrl: boolean }): boolean {
  return key.ctrl && input === EDITOR_KEY.ctrl;
}

/** Keys of each kind of prompt, for the footer and the help. */
export const PROMPT_KEYS: Record<'text' | 'choice' | 'checklist', readonly ScreenKey[]> = {
  text: [
    { keys: 'Enter', description: 'save' },
    { keys: EDITOR_KEY.keys, description: EDITOR_KEY.description },
    { keys: '← →', description: 'move' },
    { keys: 'Ctrl-U', description: 'clear' },
    { keys: 'Ctrl-W', description: 'delete word' },
  ],
  choice: [
    { keys: '↑ ↓', description: 'move' },
    { keys: 'Enter', description: 'choose' },
    { keys: '1-9', description: 'choose by number' },
  ],
  checklist: [
    { keys: '↑ ↓', description: 'move' },
    { keys: 'Space 1-9', description: 'tick / untick' },
    { keys: 'Enter', description: 'tick / choose' },
  ],
};

/** Which global action a key press means, given whether a text field has focus. */
export function globalActionFor(input: string, key: { ctrl: boolean; meta: boolean }, typing: boolean): GlobalAction | null {
  for (const b of GLOBAL_KEYS) {
    if (key.ctrl && input === b.ctrl) return b.action;
    if (!typing && !key.ctrl && !key.meta && input === b.key) return b.action;
  }
  return null;
}

/** What goes first when the line is too narrow; "keys" lists everything and "leave" always shows. */
const DROP_ORDER: readonly GlobalAction[] = ['roles', 'runbooks', 'timeline', 'update', 'note'];

/**
 * The global keys as one footer line that fits `width`: Ctrl-X becomes ^X,
 * then the least urgent hints go, so the way to help and the way out stay visible.
 */
export function footerHints(typing: boolean, hidden: readonly GlobalAction[] = [], width = Number.POSITIVE_INFINITY): string {
  let shown = GLOBAL_KEYS.filter((b) => !hidden.includes(b.action));
  const line = (caret: boolean) =>
    shown.map((b) => `${typing ? `${caret ? '^' : 'Ctrl-'}${b.ctrl.toUpperCase()}` : b.key} ${b.label}`).join(' · ');
  if (line(false).length <= width) return line(false);
  for (const action of DROP_ORDER) {
    if (line(true).length <= width) break;
    shown = shown.filter((b) => b.action !== action);
  }
  return line(true);
}
