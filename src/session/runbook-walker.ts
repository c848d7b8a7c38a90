// The runbook being walked inside a session: its steps are recorded in the
// incident's timeline like every answer, and a command runs only after the
// engineer asked for it (and typed the confirmation if it is destructive).
import type { Runbook } from '../domain/runbook.js';
import { applyWalk, replayWalk, WALK_EVENT_TYPES, type WalkEvent, type WalkState } from '../domain/runbook-walk.js';
import type { NewEntry, TimelineEntry } from '../domain/types.js';
import { cleanInput, stripControl } from '../domain/sanitize.js';
import { MASK, maskSecrets } from '../domain/secrets.js';
import { describeArgv } from '../domain/placeholders.js';
import type { RunningCommand } from '../machine/walk-prompts.js';

export interface CommandOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  error: { kind: string; message: string } | null;
}

export type RunCommand = (
  argv: string[],
  opts: { timeoutMs: number; signal?: AbortSignal; onOutput?: (chunk: string) => void },
) => Promise<CommandOutcome>;

export interface WalkerDeps {
  append: (entry: Omit<NewEntry, 'phase'>) => TimelineEntry;
  notify: () => void;
  runCommand: RunCommand;
}

/** What the timeline keeps of a command's output: the end, where the verdict usually is. */
const OUTPUT_KEPT = 4000;

export class RunbookWalker {
  private walk: { runbook: Runbook; state: WalkState } | null = null;
  private readonly abort = new AbortController();
  /** A command that was started before the session ended, with no recorded result. */
  private interruptedStep: string | null = null;
  private runningCommand: RunningCommand | null = null;

  constructor(private readonly deps: WalkerDeps) {}

  get active(): { runbook: Runbook; state: WalkState } | null {
    return this.walk;
  }

  get running(): RunningCommand | null {
    return this.runningCommand;
  }

  get interrupted(): string | null {
    return this.interruptedStep;
  }

  /** Quitting stops a running command (its whole process group). */
  stop(): void {
    this.abort.abort();
  }

  /** Picks up an unfinished walk from the log (after a crash or a quit). */
  restore(entries: readonly TimelineEntry[], find: (id: string) => Runbook | null): string | null {
    const started = entries.findLast((e) => e.type === 'runbook.started');
    const id = typeof started?.data.runbook === 'string' ? started.data.runbook : null;
    if (!started || !id) return null;
    const runbook = find(id);
    if (!runbook) return `the runbook "${id}" that was being walked is no longer available`;
    const events = entries
      .slice(entries.indexOf(started))
      .filter((e) => WALK_EVENT_TYPES.has(e.type))
      .map(toWalkEvent);
    const state = replayWalk(runbook, events);
    if (!state.finished) this.walk = { runbook, state };
    const last = entries.findLast((e) => e.type.startsWith('runbook.'));
    if (last?.type === 'runbook.command.started' && typeof last.data.step === 'string') this.interruptedStep = last.data.step;
    return null;
  }

  start(runbook: Runbook): TimelineEntry {
    const entry = this.deps.append({
      type: 'runbook.started',
      data: { runbook: runbook.id, title: runbook.title, source: runbook.source.file },
    });
    this.walk = { runbook, state: replayWalk(runbook, []) };
    return entry;
  }

  /** Records one walk event; false when it does not fit the step being shown. */
  record(event: WalkEvent): TimelineEntry | null {
    if (!this.walk) return null;
    const clean = sanitize(event, this.walk.state.params);
    // The walk runs on what was typed (a token must work); the timeline keeps the masked copy.
    const next = applyWalk(
      this.walk.runbook,
      this.walk.state,
      event.type === 'runbook.param' ? { ...event, value: event.value.trim() } : clean,
    );
    if (next === this.walk.state && clean.type !== 'runbook.left') return null;
    const { type, ...data } = clean;
    const entry = this.deps.append({ type, data: data as Record<string, unknown> });
    this.walk = { ...this.walk, state: next };
    if (next.finished === 'end' && next.outcome) {
      this.deps.append({ type: 'runbook.finished', data: { runbook: this.walk.runbook.id, outcome: next.outcome } });
    }
    if (next.finished) this.walk = { ...this.walk };
    return entry;
  }

  /** Closes a finished walk's screen. */
  dismiss(): void {
    if (this.walk?.state.finished) this.walk = null;
  }

  async run(step: string, argv: string[], timeoutMs: number): Promise<void> {
    if (!this.walk || this.runningCommand) return;
    const runbook = this.walk.runbook.id;
    const display = maskSecrets(describeArgv(argv));
    // On disk before it runs: after a crash, resume says it was started instead of silently offering it again.
    this.deps.append({ type: 'runbook.command.started', data: { runbook, step, command: display } });
    this.interruptedStep = null;
    this.runningCommand = { step, display, output: '' };
    this.deps.notify();
    const result = await this.deps.runCommand(argv, {
      timeoutMs,
      signal: this.abort.signal,
      onOutput: (chunk) => {
        if (!this.runningCommand) return;
        this.runningCommand = { ...this.runningCommand, output: (this.runningCommand.output + chunk).slice(-OUTPUT_KEPT) };
        this.deps.notify();
      },
    });
    this.runningCommand = null;
    if (this.abort.signal.aborted) return;
    const output = [result.stdout, result.stderr]
      .filter((s) => s.trim() !== '')
      .join('\n')
      .slice(-OUTPUT_KEPT);
    this.record({
      type: 'runbook.command',
      runbook,
      step,
      argv,
      ran: true,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: Math.round(result.durationMs),
      output,
      error: result.error?.message ?? null,
    });
    this.deps.notify();
  }
}

function toWalkEvent(entry: TimelineEntry): WalkEvent {
  return { type: entry.type, ...entry.data } as WalkEvent;
}

/** What is typed or printed is masked and stripped of control sequences before it is stored. */
const SENSITIVE_PARAM = /token|secret|passw|pwd|key|auth|credential|cookie|session/i;

function sanitize(event: WalkEvent, params: Readonly<Record<string, string>>): WalkEvent {
  const out: Record<string, unknown> = { ...event };
  // A parameter whose name says it is secret is never stored, and neither is its value inside a command.
  if (event.type === 'runbook.param' && SENSITIVE_PARAM.test(event.name)) out.value = MASK;
  const secrets = Object.entries(params)
    .filter(([name, value]) => SENSITIVE_PARAM.test(name) && value.length >= 3)
    .map(([, value]) => value);
  if (Array.isArray(out.argv)) out.argv = (out.argv as string[]).map((a) => secrets.reduce((s, v) => s.split(v).join(MASK), a));
  for (const key of ['value', 'label', 'finding', 'output', 'error']) {
    if (typeof out[key] === 'string') out[key] = cleanInput(secrets.reduce((s, v) => s.split(v).join(MASK), out[key] as string));
  }
  // A parameter may hold a token: the stored argv is masked, the one that ran was not.
  if (Array.isArray(out.argv)) out.argv = (out.argv as string[]).map((a) => maskSecrets(stripControl(a)));
  return out as unknown as WalkEvent;
}
