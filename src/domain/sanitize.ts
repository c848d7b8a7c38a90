// Text from outside (what the engineer types or pastes, commit subjects,
// response bodies, command output) can carry terminal escape sequences: an OSC
// sequence can retitle the window, write the clipboard or forge a hyperlink,
// and Ink passes them straight through. So control sequences are removed
// before text is stored or rendered, and secrets are masked before storing.
import stripAnsi from 'strip-ansi';
import { maskSecrets } from './secrets.js';

// strip-ansi skips any text without ESC or an 8-bit CSI (a fast path), so
// 8-bit OSC/DCS/SOS/PM/APC strings would leave their payload behind.
const C1_STRING = /[\u0090\u0098\u009D\u009E\u009F][^\u0007\u0018\u001A\u001B\u0080-\u009F]*(?:\u0007|\u001B\\|\u009C)/g;

/**
 * Removes ANSI escape sequences (CSI, OSC, DCS/SOS/PM/APC, 7- and 8-bit forms)
 * and any other C0/C1 control character except newline and tab. CR LF and a
 * lone CR become a newline, so pasted Windows text and progress output keep
 * their line breaks instead of running together.
 */
export function stripControl(text: string): string {
  return stripAnsi(text.replace(C1_STRING, ''))
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

/** For one-line places (titles, table cells, list rows): line breaks and tabs become single spaces; trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[ ]*[\r\n\t\v\f\u2028\u2029]+[ ]*/g, ' ').trim();
}

/** Text from outside (git, a server, a command) before it is shown or stored: no escapes, no secrets. */
export function cleanText(text: string): string {
  return maskSecrets(stripControl(text));
}

/** Everything a user types goes through this before it is stored. */
export function cleanInput(text: string): string {
  return cleanText(text).trim();
}
