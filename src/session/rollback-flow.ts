// Reverting the chosen commit, one safe step at a time: preflight, a
// --no-commit revert, the diffstat, a typed confirmation, the commit (with the
// incident id), then the push offered — never forced. Every step is recorded
// BEFORE it touches the repository, so a resume never reverts twice.
import type { TimelineEntry } from '../domain/types.js';
import type { RollbackGit, RollbackStage, RollbackView } from '../domain/rollback-view.js';

export type { RollbackGit };
import { cleanInput } from '../domain/sanitize.js';

export interface RollbackFlowDeps {
  git: RollbackGit | null;
  record: (type: string, data: Record<string, unknown>) => TimelineEntry;
  /** Hands the result to the incident flow (the `contain.revert` answer). */
  finish: (value: 'aborted' | string, label: string) => void;
  notify: () => void;
}

export class RollbackFlow {
  private view: RollbackView | null = null;
  private warnings: string[] = [];
  private isMerge = false;

  constructor(private readonly deps: RollbackFlowDeps) {}

  get current(): RollbackView | null {
    return this.view;
  }

  /** Starts on the chosen commit (after the `contain.rollback-target` answer). */
  begin(sha: string, subject: string): void {
    this.view = { sha, subject, stage: { kind: 'checking' } };
    this.deps.notify();
    void this.check();
  }

  /**
   * After a crash or quit while reverting: the log says how far it got and
   * the repository says what really happened.
   */
  async resume(entries: readonly TimelineEntry[], sha: string, subject: string): Promise<void> {
    const git = this.deps.git;
    // The commit's own subject, as the preflight read it, for the revert message.
    const started = entries.findLast((e) => e.type === 'rollback.started' && e.data.sha === sha);
    const known = typeof started?.data.subject === 'string' ? started.data.subject : subject;
    this.isMerge = started?.data.mainline === 1;
    this.view = { sha, subject: known, stage: { kind: 'checking' } };
    this.deps.notify();
    if (!git) return this.fail('git is not available here', []);
    const done = await git.findExistingRevert(sha);
    if (done) {
      if (!entries.some((e) => e.type === 'rollback.committed'))
        this.deps.record('rollback.committed', { sha, revertSha: done, found: 'on resume' });
      return this.offerPush(done);
    }
    if (await git.revertInProgress(sha)) {
      // Staged but not committed: show it again and ask, rather than guess.
      this.view = {
        sha,
        subject: known,
        stage: {
          kind: 'confirm',
          diffstat: '(the revert is staged in the working tree; `git diff --cached --stat` shows it)',
          warnings: [],
        },
      };
      return this.deps.notify();
    }
    return this.check();
  }

  /** The typed confirmation was given: commit the staged revert. */
  async confirm(): Promise<void> {
    const git = this.deps.git;
    if (!git || this.view?.stage.kind !== 'confirm') return;
    const { sha, subject } = this.view;
    this.set({ kind: 'committing' });
    const committed = await git.commitRevert(sha, subject);
    if (!committed.ok) return this.fail(committed.message, []);
    this.deps.record('rollback.committed', { sha, revertSha: committed.revertSha });
    return this.offerPush(committed.revertSha);
  }

  /** Declined, blocked or failed: leave the repository as it was and go back to the options. */
  async abort(reason: string): Promise<void> {
    const git = this.deps.git;
    const stage = this.view?.stage.kind;
    if (git && (stage === 'confirm' || stage === 'failed')) await git.abortRevert();
    this.deps.record('rollback.aborted', { sha: this.view?.sha ?? null, reason: cleanInput(reason) });
    this.view = null;
    this.deps.finish('aborted', `rollback not done: ${reason}`);
  }

  async pushNow(): Promise<void> {
    const git = this.deps.git;
    if (!git || this.view?.stage.kind !== 'push') return;
    const { revertSha, plan } = this.view.stage;
    this.set({ kind: 'pushing' });
    const pushed = await git.push();
    this.deps.record(pushed.ok ? 'rollback.pushed' : 'rollback.push-failed', {
      revertSha,
      remote: plan?.remote ?? null,
      target: plan?.target ?? null,
      message: pushed.message,
    });
    this.done(
      revertSha,
      pushed.ok ? `pushed to ${plan?.remote ?? '?'}/${plan?.target ?? '?'}` : `push failed (${pushed.message}) — push it by hand`,
    );
  }

  skipPush(): void {
    if (this.view?.stage.kind !== 'push') return;
    this.deps.record('rollback.push-skipped', { revertSha: this.view.stage.revertSha });
    this.done(this.view.stage.revertSha, 'not pushed yet — ship it through your usual pipeline');
  }

  private async check(): Promise<void> {
    const git = this.deps.git;
    if (!git || !this.view) return this.fail('git is not available here', []);
    const { sha } = this.view;
    const pre = await git.preflight(sha);
    this.deps.record('rollback.preflight', { sha, ok: pre.ok, problems: pre.problems, warnings: pre.warnings });
    if (!pre.ok) return this.set({ kind: 'blocked', problems: pre.problems, stash: pre.stash });
    this.warnings = pre.warnings;
    this.isMerge = pre.isMerge;
    if (pre.subject) this.view = { ...this.view, subject: pre.subject };
    // Recorded before git changes anything: a crash from here on is found on resume.
    this.deps.record('rollback.started', { sha, subject: this.view.subject, mainline: this.isMerge ? 1 : null });
    this.set({ kind: 'staging' });
    const staged = await git.startRevert(sha, this.isMerge);
    if (!staged.ok) {
      this.deps.record('rollback.aborted', { sha, reason: staged.message, conflict: staged.conflict });
      return this.set({ kind: 'failed', message: staged.message, files: staged.conflict ?? [] });
    }
    this.deps.record('rollback.staged', { sha, diffstat: cleanInput(staged.diffstat) });
    this.set({ kind: 'confirm', diffstat: staged.diffstat, warnings: this.warnings });
  }

  private async offerPush(revertSha: string): Promise<void> {
    const git = this.deps.git!;
    const plan = await git.pushPlan();
    this.set(plan.ok ? { kind: 'push', revertSha, plan, planNote: null } : { kind: 'push', revertSha, plan: null, planNote: plan.message });
  }

  private done(revertSha: string, pushed: string): void {
    const sha = this.view?.sha ?? '?';
    this.view = null;
    this.deps.finish(revertSha, `git revert of ${sha.slice(0, 7)} committed as ${revertSha.slice(0, 7)}; ${pushed}`);
  }

  private fail(message: string, files: string[]): void {
    if (this.view) this.set({ kind: 'failed', message, files });
  }

  private set(stage: RollbackStage): void {
    if (!this.view) return;
    this.view = { ...this.view, stage };
    this.deps.notify();
  }
}
