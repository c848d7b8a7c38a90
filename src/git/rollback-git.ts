// src/git/rollback.ts behind the small interface the session's rollback flow
// uses, for one repository and one incident. Loaded only when a revert starts.
import type { RollbackGit } from '../domain/rollback-view.js';

export function rollbackGitFor(repo: string, incidentId: () => string): RollbackGit {
  const load = () => import('./rollback.js');
  return {
    async preflight(sha) {
      const r = await (await load()).preflight(repo, sha, { incidentId: incidentId() });
      return {
        ok: r.ok,
        problems: r.problems,
        warnings: r.warnings,
        subject: r.commit?.subject ?? null,
        isMerge: r.commit?.isMerge ?? false,
        stash: r.stash,
      };
    },
    async startRevert(sha, mainline) {
      const r = await (await load()).startRevert(repo, sha, { ...(mainline ? { mainline: 1 as const } : {}), incidentId: incidentId() });
      return r.ok ? { ok: true, diffstat: r.diffstat } : { ok: false, message: r.message, conflict: r.conflict };
    },
    async commitRevert(sha, subject) {
      return (await load()).commitRevert(repo, { sha, subject, incidentId: incidentId() });
    },
    async abortRevert() {
      return (await load()).abortRevert(repo);
    },
    async findExistingRevert(sha) {
      return (await load()).findExistingRevert(repo, sha);
    },
    async revertInProgress(sha) {
      return (await (await load()).revertInProgress(repo, sha)).inProgress;
    },
    async pushPlan() {
      const plan = await (await load()).pushPlan(repo);
      return plan.ok
        ? { ok: true, remote: plan.remote, target: plan.target, command: plan.command.join(' ') }
        : { ok: false, message: plan.message };
    },
    async push() {
      const m = await load();
      const plan = await m.pushPlan(repo);
      return plan.ok ? m.push(repo, plan) : { ok: false, message: plan.message };
    },
  };
}
