// A runbook as the walker sees it, whatever file it came from (YAML or
// Markdown). Pure data: loading and checking live in runbooks/.
import type { Phase, Severity } from './types.js';
import type { ContainOption, Recommendation } from './incident.js';

export type RunbookPhase = Phase | 'any';
export type RunbookOrigin = 'flag' | 'repo' | 'user' | 'builtin';

export interface RunbookParam {
  name: string;
  /** The question asked before the first command that uses it. */
  prompt: string;
  example: string | null;
}

export interface AskChoice {
  label: string;
  value: string;
  next: string;
}

export interface StepBase {
  id: string;
  /** A heading or short label shown above the step. */
  title: string | null;
  /** The next step; null only for `end` steps and `ask` steps (their choices decide). */
  next: string | null;
  /** Where the step is defined, for errors: 1-based line in the source file. */
  line: number;
}

export type RunbookStep =
  | (StepBase & { kind: 'ask'; question: string; help: string | null; choices: AskChoice[] })
  | (StepBase & { kind: 'check'; check: string; text: string | null })
  | (StepBase & {
      kind: 'do';
      text: string | null;
      /** Argv with `{{param}}` placeholders; never run through a shell. */
      argv: string[];
      destructive: boolean;
      timeoutMs: number;
    })
  | (StepBase & { kind: 'checklist'; text: string | null; items: string[] })
  | (StepBase & { kind: 'note'; markdown: string })
  | (StepBase & { kind: 'end'; outcome: RunbookOutcome });

export interface RunbookOutcome {
  severity: Severity | null;
  because: string | null;
  recommendation: Recommendation | null;
  containment: ContainOption | null;
  text: string | null;
}

export interface Runbook {
  id: string;
  title: string;
  summary: string;
  /** Symptoms in plain words; matched against what was typed in detect. */
  appliesWhen: string[];
  phase: RunbookPhase;
  params: RunbookParam[];
  start: string;
  steps: Record<string, RunbookStep>;
  /** Cycles are an error unless the author declares them (a retry loop). */
  allowCycles: boolean;
  source: { file: string; format: 'yaml' | 'markdown'; origin: RunbookOrigin };
}

export const CHECK_NAMES = ['health', 'recent-commits', 'tls-expiry'] as const;
export const DEFAULT_DO_TIMEOUT_MS = 30_000;
