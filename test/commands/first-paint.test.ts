// The first question painted before Ink loads: what is written, how many rows
// it takes (Ink must draw over exactly those), and when it is not painted.
import { describe, expect, it } from 'vitest';
import { erasePainted, paintFirstQuestion } from '../../src/commands/first-paint.js';

function terminal(columns: number, rows: number, tty = true) {
  const written: string[] = [];
  const modes: boolean[] = [];
  const out = { isTTY: tty, columns, rows, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  const input = { isTTY: tty, setRawMode: (on: boolean) => modes.push(on) } as unknown as NodeJS.ReadStream;
  return { out, input, written, modes };
}

describe('paintFirstQuestion', () => {
  it('draws the header and the question, turns raw mode on, and counts wrapped rows', () => {
    const t = terminal(100, 30);
    const painted = paintFirstQuestion(t.out, t.input, false);
    const text = t.written.join('');
    expect(text).toContain(' INCIDENT  New incident\n');
    expect(text).toContain('\nWhat is broken?\n');
    expect(text).toContain('›  e.g. API returns 500 on /checkout\n');
    expect(t.modes).toEqual([true]);
    // 7 lines, the help line (105 characters) wrapping once at 100 columns.
    expect(painted).toEqual({ rows: 8 });
    expect(paintFirstQuestion(terminal(120, 30).out, terminal(120, 30).input, false)).toEqual({ rows: 7 });
  });

  it('colours only when asked (NO_COLOR)', () => {
    const plain = terminal(100, 30);
    paintFirstQuestion(plain.out, plain.input, false);
    expect(plain.written.join('')).not.toContain('\u001B[');
    const coloured = terminal(100, 30);
    paintFirstQuestion(coloured.out, coloured.input, true);
    expect(coloured.written.join('')).toContain('\u001B[1;37;41m INCIDENT \u001B[0m');
  });

  it('paints nothing on a small terminal or without one', () => {
    for (const t of [terminal(79, 30), terminal(100, 19), terminal(100, 30, false)]) {
      expect(paintFirstQuestion(t.out, t.input, false)).toBeNull();
      expect(t.written).toEqual([]);
      expect(t.modes).toEqual([]);
    }
  });

  it('erases by moving up the rows it wrote and clearing below', () => {
    const t = terminal(100, 30);
    erasePainted(t.out, { rows: 8 });
    expect(t.written).toEqual(['\u001B[8F\u001B[0J']);
  });
});
