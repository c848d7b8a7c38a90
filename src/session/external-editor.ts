// A long answer written in the engineer's own editor. The text goes through a
// private temp file (a fresh 0700 folder, the file 0600: answers can hold
// customer data) that is removed however the editor ends. Nothing typed is ever
// lost: a failure returns what the editor saved, or else the text as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cleanEditorText, editorCommand } from '../domain/editor-command.js';
import type { EditorOutcome } from './types.js';

export interface EditOptions {
  env?: NodeJS.ProcessEnv;
  /** Names the file, so the editor's title says which answer it is (e.g. the step id). */
  name?: string;
  /** Where the private folder is made (default: the OS temp dir). */
  dir?: string;
  /** Told what is being opened, just before the editor starts (a windowed editor leaves the terminal blank). */
  announce?: (line: string) => void;
}

/** An editor that is back this fast with nothing changed did not wait for the person: a windowed one without its wait flag. */
const TOO_QUICK_MS = 1000;

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: NodeJS.ErrnoException };

export async function editInExternalEditor(original: string, opts: EditOptions = {}): Promise<EditorOutcome> {
  const env = opts.env ?? process.env;
  const command = editorCommand(env);
  if (!command.ok) return { ok: false, error: command.error, text: original };
  const program = basename(command.argv[0]!);

  let dir: string;
  try {
    dir = mkdtempSync(join(opts.dir ?? tmpdir(), 'incident-answer-'));
  } catch (error) {
    return {
      ok: false,
      error: `Could not make a private temp file for the editor (${reason(error)}). Your text is as it was.`,
      text: original,
    };
  }
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // A terminal closed (or a kill) while the editor is open ends this process without running `finally`,
  // at once if a second SIGHUP follows the first: the file goes anyway, on the signal itself, and the
  // editor with it rather than be left fighting the shell for the terminal.
  let editor: ChildProcess | null = null;
  const onExit = () => {
    editor?.kill('SIGHUP');
    removeDir();
  };
  const endings = ['exit', 'SIGHUP', 'SIGTERM'] as const;
  for (const e of endings) process.on(e, onExit);
  try {
    const file = join(dir, `${(opts.name ?? 'answer').replace(/[^A-Za-z0-9._-]+/g, '-')}.md`);
    // Editors expect a text file to end with a newline (vi marks one without it).
    const written = original === '' ? '' : `${original}\n`;
    writeFileSync(file, written, { mode: 0o600, flag: 'wx' });
    opts.announce?.(`Opening ${program} (${command.source}) on ${file} — save and quit it to come back.\n`);

    const started = performance.now();
    const exit = await run(command.argv, file, env, (child) => (editor = child));
    editor = null;
    const took = performance.now() - started;
    if ('error' in exit) {
      const what =
        exit.error.code === 'ENOENT'
          ? 'it is not installed, or not on PATH'
          : exit.error.code === 'EACCES'
            ? 'it is not executable'
            : reason(exit.error);
      return {
        ok: false,
        error: `Could not start the editor "${command.argv[0]}" from ${command.source}: ${what}. Set EDITOR to one that works (e.g. EDITOR=nano), or type the answer here. Your text is as it was.`,
        text: original,
      };
    }

    let saved: string | null;
    try {
      saved = readFileSync(file, 'utf8');
    } catch {
      saved = null;
    }
    const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with status ${exit.code ?? '?'}`;
    if (exit.signal || exit.code !== 0) {
      // What the editor saved started as the original text: it is the latest version, unless it is gone or empty.
      const kept = saved !== null && cleanEditorText(saved) !== '' ? cleanEditorText(saved) : original;
      const where = kept === original ? 'Your text is as it was' : 'What it saved is in the field';
      return { ok: false, error: `The editor (${program}) ${how}. ${where} — check it, then Enter saves it.`, text: kept };
    }
    if (saved === null) {
      return {
        ok: false,
        error: `The editor (${program}) closed without leaving the file behind (deleted or moved). Your text is as it was.`,
        text: original,
      };
    }
    if (saved === written && took < TOO_QUICK_MS) {
      return {
        ok: false,
        error: `The editor (${program}) came back at once with nothing changed: a windowed editor must be told to wait, e.g. EDITOR="code --wait" or EDITOR="subl -w". Your text is as it was.`,
        text: original,
      };
    }
    return { ok: true, text: cleanEditorText(saved) };
  } catch (error) {
    return { ok: false, error: `The editor could not be used: ${reason(error)}. Your text is as it was.`, text: original };
  } finally {
    for (const e of endings) process.off(e, onExit);
    removeDir();
  }
}

/** Runs the editor on the terminal (stdio inherited, no shell) and waits for it to end. */
function run(argv: readonly string[], file: string, env: NodeJS.ProcessEnv, started: (child: ChildProcess) => void): Promise<Exit> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (exit: Exit) => {
      if (done) return;
      done = true;
      resolve(exit);
    };
    try {
      const child = spawn(argv[0]!, [...argv.slice(1), file], { stdio: 'inherit', env });
      started(child);
      child.once('error', (error) => finish({ error }));
      child.once('exit', (code, signal) => finish({ code, signal }));
    } catch (error) {
      finish({ error: error as NodeJS.ErrnoException });
    }
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
