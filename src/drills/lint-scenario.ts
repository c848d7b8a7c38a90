// Checks on a scenario file that passed the schema: what a schema cannot
// say. References between parts (routes, dependencies, flags, commits,
// actions), exactly-one-of keys, a history that git can build (oldest first,
// safe paths, deleting only what exists), and a culprit whose revert can
// actually heal the service. Each problem points at the offending node.
import { CONTAIN_OPTIONS } from '../domain/containment.js';
import type { ContainOption } from '../domain/incident.js';
import type { Locator, Path } from '../yaml/yaml-source.js';
import { closeMatches } from '../runbooks/lint-runbook.js';
import { CHANGE_KEYS, type ChangeInput, type ScenarioFile } from './scenario-schema.js';
import { CULPRIT_REF, type ExpectedMove } from './scenario.js';

export interface ScenarioLintProblem {
  line: number;
  col: number;
  message: string;
  level?: 'warning';
}

export interface ScenarioLintOptions {
  /** Where a node is (a scalar value, a collection at its key). */
  locate: Locator;
  /** Where a map key is (a file path under files:, a route). */
  locateKey: Locator;
}

const OPTIONS: readonly string[] = CONTAIN_OPTIONS.map((o) => o.option);

/** "rollback", "revert:c3", "revert:culprit", "action:renew" → a move; null when it is none of those forms. */
export function parseMove(text: string): ExpectedMove | null {
  const t = text.trim();
  if (OPTIONS.includes(t)) return { kind: 'containment', option: t as ContainOption, text: t };
  const m = /^(revert|action):(.+)$/.exec(t);
  if (!m) return null;
  return m[1] === 'revert' ? { kind: 'revert', commit: m[2]!, text: t } : { kind: 'action', action: m[2]!, text: t };
}

/** A path git and the file system both take as a plain file inside the repository. */
export function unsafePath(path: string): string | null {
  if (path === '') return 'a path cannot be empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to the repository, not absolute';
  if (path.includes('\\')) return 'use "/" between folders, not "\\"';
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return 'must stay inside the repository (no "..", "." or empty parts)';
  if (parts.some((p) => p.toLowerCase() === '.git')) return 'cannot be in .git, which git keeps for itself';
  if (/[\u0000-\u001f]/.test(path)) return 'cannot contain control characters';
  return null;
}

export function lintScenario(data: ScenarioFile, opts: ScenarioLintOptions): ScenarioLintProblem[] {
  const problems: ScenarioLintProblem[] = [];
  const at = (path: Path, message: string, level?: 'warning'): void => {
    const pos = opts.locate(path) ?? { line: 1, col: 1 };
    problems.push({ ...pos, message, ...(level ? { level } : {}) });
  };
  const atKey = (path: Path, message: string): void => {
    const pos = opts.locateKey(path) ?? opts.locate(path) ?? { line: 1, col: 1 };
    problems.push({ ...pos, message });
  };
  const hint = (name: string, known: readonly string[]): string => {
    const close = closeMatches(name, known);
    return close.length > 0 ? ` (did you mean "${close[0]}"?)` : known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  };
  const { service } = data;
  const routes = Object.keys(service.routes);
  const dependencies = Object.keys(service.dependencies);
  const flags = Object.keys(service.flags);
  const checkDependency = (path: Path, id: string): void => {
    if (!dependencies.includes(id)) at(path, `no dependency "${id}" under service.dependencies${hint(id, dependencies)}`);
  };
  const checkFlag = (path: Path, name: string): void => {
    if (!flags.includes(name)) at(path, `no flag "${name}" under service.flags${hint(name, flags)}`);
  };

  // The service.
  if (!routes.includes(service.probe_path)) {
    at(['service', 'probe_path'], `probe_path "${service.probe_path}" is not one of the routes${hint(service.probe_path, routes)}`);
  }
  for (const [path, route] of Object.entries(service.routes)) {
    route.calls.forEach((id, j) => checkDependency(['service', 'routes', path, 'calls', j], id));
  }
  if (service.memory.start_mb >= service.memory.limit_mb) {
    at(['service', 'memory', 'start_mb'], `start_mb (${service.memory.start_mb}) must be below limit_mb (${service.memory.limit_mb})`);
  }

  // The history: what git will build, oldest first.
  const ids = new Map<string, number>();
  const tree = new Set<string>();
  const everWritten = new Set<string>();
  let culprits = 0;
  data.history.forEach((commit, i) => {
    const id = commit.id ?? `c${i + 1}`;
    if (id === CULPRIT_REF) at(['history', i, 'id'], `"${CULPRIT_REF}" is reserved: revert:${CULPRIT_REF} names the culprit`);
    else if (ids.has(id))
      at(['history', i, commit.id ? 'id' : 'message'], `commit id "${id}" is already used by commit ${ids.get(id)! + 1}`);
    ids.set(id, i);
    if (commit.culprit && ++culprits > 1) at(['history', i, 'culprit'], 'only one commit can be the culprit');
    const before = data.history[i - 1];
    if (before && commit.minutes_ago > before.minutes_ago) {
      at(
        ['history', i, 'minutes_ago'],
        `this commit is older (${commit.minutes_ago} minutes ago) than the one before it (${before.minutes_ago}); history is oldest first`,
      );
    }
    for (const [file, content] of Object.entries(commit.files)) {
      const bad = unsafePath(file);
      if (bad) {
        atKey(['history', i, 'files', file], `file "${file}": ${bad}`);
        continue;
      }
      if (content === null) {
        if (!tree.has(file)) atKey(['history', i, 'files', file], `file "${file}" is deleted here but no earlier commit created it`);
        tree.delete(file);
      } else {
        tree.add(file);
        everWritten.add(file);
      }
    }
  });
  if (data.expected.right.concat(data.expected.acceptable, data.expected.harmful).some((m) => m.trim() === `revert:${CULPRIT_REF}`)) {
    if (culprits === 0) at(['expected'], `revert:${CULPRIT_REF} is expected but no commit has culprit: true`);
  }

  // Rules.
  const ruleIds = new Set<string>();
  const filesRead = new Set<string>();
  if (data.rules.length === 0 && data.faults.length === 0) {
    at([], 'nothing ever goes wrong: add rules (driven by the files of the history) or faults (on a schedule)');
  }
  data.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) at(['rules', i, 'id'], `rule id "${rule.id}" is used twice`);
    ruleIds.add(rule.id);
    rule.when.forEach((c, j) => {
      const here = ['rules', i, 'when', j];
      const fileKeys = (['contains', 'lacks', 'exists'] as const).filter((k) => c[k] !== undefined);
      const flagKeys = (['is', 'is_not'] as const).filter((k) => c[k] !== undefined);
      if (c.file !== undefined) filesRead.add(c.file);
      if ((c.file === undefined) === (c.flag === undefined)) {
        at(here, 'a condition has exactly one of file or flag');
        return;
      }
      if (c.file !== undefined) {
        if (fileKeys.length !== 1 || flagKeys.length > 0) {
          at(
            here,
            `a file condition has exactly one of contains, lacks or exists (found ${[...fileKeys, ...flagKeys].join(', ') || 'none'})`,
          );
        }
        const bad = unsafePath(c.file);
        if (bad) at([...here, 'file'], `file "${c.file}": ${bad}`);
        else if (!everWritten.has(c.file))
          at([...here, 'file'], `no commit writes "${c.file}": the condition always sees it missing`, 'warning');
        filesRead.add(c.file);
      } else {
        if (flagKeys.length !== 1 || fileKeys.length > 0) {
          at(here, `a flag condition has exactly one of is or is_not (found ${[...flagKeys, ...fileKeys].join(', ') || 'none'})`);
        }
        checkFlag([...here, 'flag'], c.flag!);
      }
    });
    (rule.routes ?? []).forEach((route, j) => {
      if (!routes.includes(route)) at(['rules', i, 'routes', j], `no route "${route}" under service.routes${hint(route, routes)}`);
    });
    const t = rule.then;
    if (Object.values(t).every((v) => v === undefined)) {
      at(['rules', i, 'then'], 'then: needs at least one of status, body, latency_ms, call, skip, leak_mb_per_minute');
    }
    (t.call ?? []).forEach((id, j) => checkDependency(['rules', i, 'then', 'call', j], id));
    (t.skip ?? []).forEach((id, j) => checkDependency(['rules', i, 'then', 'skip', j], id));
  });

  // Faults and actions: each changes one thing.
  const checkChange = (path: Path, c: ChangeInput): void => {
    const kinds = (['dependency', 'certificate', 'set', 'restart'] as const).filter((k) => c[k] !== undefined);
    if (kinds.length !== 1) {
      at(path, `needs exactly one of dependency, certificate, set or restart (found ${kinds.join(', ') || 'none'})`);
      return;
    }
    const extra = CHANGE_KEYS.filter((k) => c[k] !== undefined && k !== kinds[0] && kinds[0] !== 'dependency');
    if (extra.length > 0) at([...path, extra[0]!], `${extra[0]} goes only with dependency`);
    if (c.dependency !== undefined) {
      checkDependency([...path, 'dependency'], c.dependency);
      if ([c.status, c.body, c.latency_ms, c.latency_ms_per_minute].every((v) => v === undefined)) {
        at([...path, 'dependency'], 'say what changes: status, body, latency_ms or latency_ms_per_minute');
      }
    }
    if (c.certificate !== undefined && !service.tls) at([...path, 'certificate'], 'certificate needs service.tls: true');
    for (const name of Object.keys(c.set ?? {})) checkFlag([...path, 'set', name], name);
  };
  data.faults.forEach((f, i) => checkChange(['faults', i], f));
  const actionIds = new Set<string>();
  data.actions.forEach((a, i) => {
    if (actionIds.has(a.id)) at(['actions', i, 'id'], `action id "${a.id}" is used twice`);
    actionIds.add(a.id);
    checkChange(['actions', i], a);
  });

  // Expected moves.
  const seen = new Map<string, string>();
  const commitIds = [...ids.keys(), ...(culprits > 0 ? [CULPRIT_REF] : [])];
  for (const list of ['right', 'acceptable', 'harmful'] as const) {
    data.expected[list].forEach((text, j) => {
      const path = ['expected', list, j];
      const move = parseMove(text);
      if (!move) {
        at(
          path,
          `"${text}" is not a move: a containment option (${OPTIONS.join(', ')}), revert:<commit id> or action:<action id>${hint(text, OPTIONS)}`,
        );
        return;
      }
      if (move.kind === 'revert' && !commitIds.includes(move.commit) && move.commit !== CULPRIT_REF) {
        at(path, `no commit "${move.commit}" in history${hint(move.commit, commitIds)}`);
      }
      if (move.kind === 'action' && !actionIds.has(move.action))
        at(path, `no action "${move.action}" under actions${hint(move.action, [...actionIds])}`);
      const twice = seen.get(move.text);
      if (twice) at(path, `"${move.text}" is already listed under ${twice}`);
      seen.set(move.text, list);
    });
  }

  // A culprit whose revert cannot change anything the service reads would make the drill unwinnable.
  const culpritIndex = data.history.findIndex((c) => c.culprit);
  if (culpritIndex >= 0 && !Object.keys(data.history[culpritIndex]!.files).some((f) => filesRead.has(f))) {
    at(
      ['history', culpritIndex, 'culprit'],
      'the culprit changes none of the files the rules read, so reverting it cannot heal the service',
    );
  }
  return problems;
}
