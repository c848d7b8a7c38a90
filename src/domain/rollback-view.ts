// Where a git revert in contain stands, for the screen that shows it.
export type RollbackStage =
  | { kind: 'checking' }
  | { kind: 'blocked'; problems: string[]; stash: string | null }
  | { kind: 'staging' }
  | { kind: 'confirm'; diffstat: string; warnings: string[] }
  | { kind: 'committing' }
  | { kind: 'push'; revertSha: string; plan: { remote: string; target: string; command: string } | null; planNote: string | null }
  | { kind: 'pushing' }
  | { kind: 'failed'; message: string; files: string[] };

export interface RollbackView {
  sha: string;
  subject: string;
  stage: RollbackStage;
}

/** The git operations, injected (src/git/rollback.ts in the CLI). */
export interface RollbackGit {
  preflight(
    sha: string,
  ): Promise<{ ok: boolean; problems: string[]; warnings: string[]; subject: string | null; isMerge: boolean; stash: string | null }>;
  startRevert(
    sha: string,
    mainline: boolean,
  ): Promise<{ ok: true; diffstat: string } | { ok: false; message: string; conflict: string[] | null }>;
  commitRevert(sha: string, subject: string): Promise<{ ok: true; revertSha: string } | { ok: false; message: string }>;
  abortRevert(): Promise<{ ok: boolean; message: string }>;
  findExistingRevert(sha: string): Promise<string | null>;
  revertInProgress(sha: string): Promise<boolean>;
  pushPlan(): Promise<{ ok: true; remote: string; target: string; command: string } | { ok: false; message: string }>;
  push(): Promise<{ ok: boolean; message: string }>;
}
