// The editor effect with a real "editor": a node script run the way $EDITOR is
// (its path quoted, arguments split), reporting what it saw while it ran.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editInExternalEditor } from '../../src/session/external-editor.js';
import { makeTempDir } from '../helpers/temp.js';

const script = resolve(fileURLToPath(import.meta.url), '..', '..', 'helpers', 'fake-editor.mjs');
/** $EDITOR for the fake: node's path in double quotes, the script's in single ones, then words. */
const fake = (...words: string[]) => [`"${process.execPath}"`, `'${script}'`, ...words].join(' ');

let tmp: { dir: string; cleanup: () => void };
/** Where the effect makes its private folder: empty again after every edit. */
let work: string;
let report: string;
beforeEach(() => {
  tmp = makeTempDir('incident-editor-');
  work = join(tmp.dir, 'tmp');
  mkdirSync(work);
  report = join(tmp.dir, 'report.json');
});
afterEach(() => tmp.cleanup());

const edit = (text: string, editor: string, extra: NodeJS.ProcessEnv = {}) =>
  editInExternalEditor(text, {
    name: 'postmortem.went-wrong',
    dir: work,
    env: { ...process.env, VISUAL: '', EDITOR: editor, FAKE_EDITOR_REPORT: report, ...extra },
  });

interface Report {
  args: string[];
  text: string;
  fileMode: number;
  dirMode: number;
  file: string;
}
const seen = (): Report => JSON.parse(readFileSync(report, 'utf8')) as Report;

describe('writing an answer in $EDITOR', () => {
  it('opens the text in a private .md file, reads back what was saved (trimmed, masked) and removes the folder', async () => {
    const outcome = await edit('the pool was too small', fake('append', '--flag', "'two words'"));
    expect(outcome).toEqual({ ok: true, text: 'the pool was too small\nline from the editor\napi_key=sk_live_****' });
    const r = seen();
    // Modes as the editor saw them, while it ran.
    expect(r.fileMode).toBe(0o600);
    expect(r.dirMode).toBe(0o700);
    expect(r.file).toMatch(/incident-answer-[^/]+\/postmortem\.went-wrong\.md$/);
    expect(r.text).toBe('the pool was too small\n');
    // Split like a shell would, without one: the quoted words stay one argument each, the file comes last.
    expect(r.args).toEqual(['append', '--flag', 'two words', r.file]);
    expect(readdirSync(work)).toEqual([]);
  });

  it('$VISUAL comes before $EDITOR', async () => {
    const outcome = await edit('x', 'no-such-editor-here', { VISUAL: fake('append') });
    expect(outcome.ok).toBe(true);
  });

  it('an editor that exits non-zero: says so, and the text is as it was', async () => {
    const outcome = await edit('half an answer', fake('fail'));
    expect(outcome).toEqual({
      ok: false,
      error: 'The editor (node) exited with status 3. Your text is as it was — check it, then Enter saves it.',
      text: 'half an answer',
    });
    expect(readdirSync(work)).toEqual([]);
  });

  it('… keeping what it saved before failing, or the text as it was when it saved nothing', async () => {
    expect(await edit('half an answer', fake('save-fail'))).toEqual({
      ok: false,
      error: expect.stringMatching(/exited with status 3\. What it saved is in the field/),
      text: 'half an answer\nsaved before failing',
    });
    expect(await edit('half an answer', fake('empty-fail'))).toMatchObject({ ok: false, text: 'half an answer' });
    expect(readdirSync(work)).toEqual([]);
  });

  it('an editor killed by a signal, or one that deletes the file: nothing is lost', async () => {
    expect(await edit('draft', fake('signal'))).toEqual({
      ok: false,
      error: expect.stringMatching(/^The editor \(node\) was stopped by SIGTERM\. Your text is as it was/),
      text: 'draft',
    });
    expect(await edit('draft', fake('delete'))).toEqual({
      ok: false,
      error: expect.stringMatching(/closed without leaving the file behind.*Your text is as it was/),
      text: 'draft',
    });
    expect(readdirSync(work)).toEqual([]);
  });

  it('an editor that is not installed, or a value that cannot be read: what to do', async () => {
    expect(await edit('draft', 'no-such-editor-here --wait')).toEqual({
      ok: false,
      error:
        'Could not start the editor "no-such-editor-here" from $EDITOR: it is not installed, or not on PATH. Set EDITOR to one that works (e.g. EDITOR=nano), or type the answer here. Your text is as it was.',
      text: 'draft',
    });
    expect(await edit('draft', '"unclosed')).toMatchObject({ ok: false, error: expect.stringMatching(/^\$EDITOR/), text: 'draft' });
    expect(readdirSync(work)).toEqual([]);
  });

  it('an editor back at once with nothing changed did not wait: it needs its wait flag', async () => {
    expect(await edit('draft', fake('same'))).toEqual({
      ok: false,
      error: expect.stringMatching(/came back at once with nothing changed.*EDITOR="code --wait"/),
      text: 'draft',
    });
    // A person who opens it and quits without changes after a while gets the same text back, no complaint.
    expect(await edit('draft', fake('same'), { FAKE_EDITOR_WAIT_MS: '1100' })).toEqual({ ok: true, text: 'draft' });
  });

  it('an empty answer opens an empty file; whole new text comes back as written', async () => {
    const text = join(tmp.dir, 'answer.txt');
    writeFileSync(text, '- alert fired late\r\n- runbook was stale\r\n');
    expect(await edit('', fake('write'), { FAKE_EDITOR_TEXT: text })).toEqual({
      ok: true,
      text: '- alert fired late\n- runbook was stale',
    });
    expect(seen().text).toBe('');
  });
});
