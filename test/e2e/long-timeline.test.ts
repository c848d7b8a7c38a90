// A timeline of 10,000 events in the built CLI in a real terminal: resuming
// it, opening the timeline view and scrolling to both ends. Only a window is
// drawn, so the screen never outgrows the terminal. (How fast: bench/keystroke.mjs.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { newUlid } from '../../src/timeline/ids.js';
import { choose, runCli, startTui, type Workspace, useE2e } from './support.js';

const NOTES = 10_000;

const lineCount = (screen: string) => screen.trimEnd().split('\n').length;

/** Appends `count` notes, a second apart, after what `incident declare` wrote. */
function addNotes(ws: Workspace, id: string, count: number): void {
  const file = path.join(ws.state, 'incidents', id, 'events.jsonl');
  const existing = fs.readFileSync(file, 'utf8').trim().split('\n');
  const last = JSON.parse(existing.at(-1)!) as { seq: number; at: string };
  const start = Date.parse(last.at);
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const at = start + i * 1000;
    lines.push(
      JSON.stringify({
        id: newUlid(at),
        seq: last.seq + i,
        at: new Date(at).toISOString(),
        phase: 'detect',
        type: 'note.added',
        actor: 'ana@laptop',
        data: { text: `note number ${i}` },
      }),
    );
  }
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

describe.skipIf(!hasTmux)('e2e: a 10,000-event timeline', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('resumes, opens the timeline at its end, scrolls to the start and back, never taller than the terminal', async () => {
    const declared = await runCli(cli, ws, ['declare', 'Checkout answers 500', '--severity', '2']);
    expect(declared.code).toBe(0);
    const id = declared.stdout.trim().split('\n')[0]!;
    addNotes(ws, id, NOTES);

    const term = await startTui(cli, ws, { rows: 30 });
    await term.waitFor('1. Resume: Checkout answers 500', { timeout: 10_000 });
    await choose(term, '1', /Production URL|What is normal|When did it start/);

    await term.press('C-t');
    let screen = await term.waitFor([/Timeline \(10,0\d\d events/, `note number ${NOTES}`], { timeout: 10_000 });
    // The whole log is counted (the declaration, the notes, the resume), and the window is at its end.
    const total = /Timeline \(([\d,]+) events/.exec(screen)![1]!;
    const rowsLine = (s: string) => /rows ([\d,]+)–([\d,]+) of ([\d,]+)/.exec(s);
    expect(rowsLine(screen)?.slice(2)).toEqual([total, total]);
    expect(lineCount(screen)).toBeLessThanOrEqual(30);

    await term.press('Home');
    screen = await term.waitFor(/rows 1–\d+ of/);
    expect(screen).toContain('Checkout answers 500');
    expect(screen).not.toContain(`note number ${NOTES}`);
    expect(lineCount(screen)).toBeLessThanOrEqual(30);

    const firstPage = Number(rowsLine(screen)![2]);
    await term.press('PageDown');
    screen = await term.waitFor(new RegExp(`rows ${firstPage + 1}–`));
    expect(screen).toContain(`note number ${firstPage + 1 - 2}`);

    await term.press('End');
    screen = await term.waitFor(`note number ${NOTES}`);
    expect(rowsLine(screen)?.[2]).toBe(total);

    // Closing it returns to the question.
    await term.press('Escape');
    await term.waitFor(/Production URL|What is normal|When did it start/);
  });
});
