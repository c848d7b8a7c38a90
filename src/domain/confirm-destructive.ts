// The typed confirmation in front of a destructive runbook command.
//
// What is typed is the command's own name (`kubectl`, `psql`, `git`), shown
// beside the resolved command: to know what to type you have to look at what
// is about to run, and a rote answer from the last prompt ("y", "yes", "run")
// typed into the wrong place confirms nothing. Names that are awkward to type
// (not plain ASCII, one character, very long) fall back to the word `run`.
//
// The match is exact after trimming surrounding whitespace, and
// case-sensitive: one rule with nothing to guess, and it is the word exactly
// as shown. It must be typed: a paste, or a `tmux send-keys 'kubectl' Enter`,
// delivers the text and Enter in one input chunk, and that never confirms
// (see ../shared README §4: Ink would not even see that Enter).

/** The word typed when the command's name cannot be used. */
export const FALLBACK_CONFIRMATION_WORD = 'run';

// A command name that is easy to type exactly: 2–32 ASCII characters.
const TYPEABLE = /^[A-Za-z0-9][A-Za-z0-9._+-]{1,31}$/;

/** The word that must be typed to run this argv: the command's base name, or `run`. */
export function confirmationWord(argv: readonly string[]): string {
  const command = argv[0] ?? '';
  const base = command.slice(command.lastIndexOf('/') + 1);
  return TYPEABLE.test(base) ? base : FALLBACK_CONFIRMATION_WORD;
}

export interface ConfirmationInput {
  /** The text and its Enter arrived in the same input chunk (a paste, send-keys). */
  arrivedInOneChunkWithEnter: boolean;
}

/**
 * True only when `typed` (trimmed) is exactly `expected` and was typed, not
 * pasted together with its Enter. An `expected` shorter than two characters
 * never confirms: a single key is not a confirmation.
 */
export function isConfirmed(typed: string, expected: string, meta: ConfirmationInput): boolean {
  if (meta.arrivedInOneChunkWithEnter) return false;
  if (expected.trim() !== expected || expected.length < 2) return false;
  return typed.trim() === expected;
}

/** The hint shown under the resolved command. */
export function confirmationHint(expected: string): string {
  return `Destructive. Type ${expected} and press Enter to run it; Esc cancels.`;
}
