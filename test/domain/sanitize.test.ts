import { describe, expect, it } from 'vitest';
import { cleanInput, oneLine, stripControl } from '../../src/domain/sanitize.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('stripControl', () => {
  it.each<[string, string, string]>([
    ['plain text', 'db down since 01:50', 'db down since 01:50'],
    ['SGR colours', `${ESC}[31mred${ESC}[0m text`, 'red text'],
    ['cursor movement / clear screen', `a${ESC}[2J${ESC}[Hb`, 'ab'],
    ['OSC window title (BEL)', `${ESC}]0;pwned${BEL}subject`, 'subject'],
    ['OSC 52 clipboard write (ST)', `${ESC}]52;c;ZWNobyBoaQ==${ESC}\\fix typo`, 'fix typo'],
    ['OSC 8 hyperlink keeps the text', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['DCS', `x${ESC}Pq#0;2;0;0;0${ESC}\\y`, 'xy'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['8-bit OSC', 'a\u009d0;t\u0007b', 'ab'],
    ['NUL, BEL, backspace, DEL', 'a\u0000b\u0007c\bd\u007fe', 'abcde'],
    ['lone C1 controls', 'a\u0085b\u008dc', 'abc'],
    ['newline and tab kept', 'a\n\tb', 'a\n\tb'],
    ['CRLF → LF', 'a\r\nb', 'a\nb'],
    ['lone CR → LF', '50%\r100%', '50%\n100%'],
    ['unicode text kept', 'café — 東京 ✓', 'café — 東京 ✓'],
  ])('%s', (_name, input, output) => {
    expect(stripControl(input)).toBe(output);
  });
});

describe('oneLine', () => {
  it.each<[string, string]>([
    ['single line', 'single line'],
    ['  padded  ', 'padded'],
    ['two\nlines', 'two lines'],
    ['crlf\r\nline', 'crlf line'],
    ['tab\tseparated', 'tab separated'],
    ['many \n\n\t breaks', 'many breaks'],
    ['line\u2028separator', 'line separator'],
    ['keeps  inner  spaces', 'keeps  inner  spaces'],
  ])('%j → %j', (input, output) => {
    expect(oneLine(input)).toBe(output);
  });
});

describe('cleanInput', () => {
  it.each<[string, string]>([
    ['  db down  ', 'db down'],
    [`${ESC}[1mpassword=hunter2${ESC}[0m\n`, 'password=****'],
    // an escape sequence hidden inside a secret must not defeat the masking
    [`token=ab${ESC}[0mcd`, 'token=****'],
    ['note\r\nline two', 'note\nline two'],
  ])('%j → %j', (input, output) => {
    expect(cleanInput(input)).toBe(output);
  });
});
