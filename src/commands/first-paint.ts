// The first question, drawn the moment `incident` knows it will ask it —
// before Ink and React have loaded (~120 ms on a laptop, more on a busy one).
// Raw mode goes on at once, so keys typed meanwhile wait in the terminal for
// Ink instead of being echoed over the screen; Ink then draws its own frame in
// the same place. Only plain text and a few SGR codes, nothing to load.
import { FIRST_QUESTION } from '../machine/first-question.js';

const ESC = '\u001B[';

export interface Painted {
  /** Terminal rows written, for `erasePainted`. */
  rows: number;
}

/** Paints the first question; null (nothing written) where Ink's layout would differ too much or it cannot be erased. */
export function paintFirstQuestion(out: NodeJS.WriteStream, input: NodeJS.ReadStream, colour: boolean): Painted | null {
  const columns = out.columns ?? 0;
  if (!out.isTTY || !input.isTTY || columns < 80 || (out.rows ?? 0) < 20) return null;
  const sgr = (code: string, text: string) => (colour ? `${ESC}${code}m${text}${ESC}0m` : text);
  const lines = [
    `${sgr('1;37;41', ' INCIDENT ')} ${sgr('1', 'New incident')}`,
    `${sgr('90', 'SEV-?')}  ·  detect › triage › contain › resolve › verify › post-mortem`,
    '',
    sgr('1', FIRST_QUESTION.question),
    sgr('2', FIRST_QUESTION.help),
    '',
    `${sgr('36', '›')}  ${sgr('2', FIRST_QUESTION.placeholder)}`,
  ];
  input.setRawMode(true);
  out.write(`${lines.join('\n')}\n`);
  // Wrapped lines take several rows; every character here is one column wide.
  const plain = lines.map((l) => l.replace(/\u001B\[[0-9;]*m/g, ''));
  return { rows: plain.reduce((n, l) => n + Math.max(1, Math.ceil(l.length / columns)), 0) };
}

/** Moves back to where the painted screen began and clears it, for Ink to draw there. */
export function erasePainted(out: NodeJS.WriteStream, painted: Painted): void {
  out.write(`${ESC}${painted.rows}F${ESC}0J`);
}
