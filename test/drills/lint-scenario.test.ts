// Drill scenario files are linted like runbooks: every problem at
// `file:line:col`, one fixture per problem, and a broken file never hides
// the others.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverScenarios } from '../../src/drills/discover-scenarios.js';
import { loadScenarioFile, parseScenarioYaml } from '../../src/drills/load-scenario.js';
import { formatProblem } from '../../src/runbooks/lint-runbook.js';
import { makeTempDir } from '../helpers/temp.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'drills');
const lint = (name: string): string[] =>
  loadScenarioFile(join(fixtures, `${name}.yaml`), 'flag').problems.map((p) => formatProblem({ ...p, file: `${name}.yaml` }));

describe('a drill scenario file', () => {
  it('that is right loads with no problem, defaults filled in', () => {
    const { scenario, problems } = loadScenarioFile(join(fixtures, 'good.yaml'), 'flag');
    expect(problems).toEqual([]);
    expect(scenario).toMatchObject({
      id: 'good-drill',
      debrief: '',
      service: { name: 'tiny', probePath: '/health', timeoutMs: 3000, tls: false, flags: { mode: 'normal' } },
      history: [
        { id: 'c1', author: { name: 'Ana Lee', email: 'ana@example.com' }, minutesAgo: 60, culprit: false },
        { id: 'c2', message: 'Break it', culprit: true, files: { 'app.conf': 'mode=broken\n' } },
      ],
      rules: [{ id: 'broken', routes: ['/health'], when: [{ kind: 'file-contains', file: 'app.conf', text: 'broken' }] }],
      faults: [{ atSeconds: 5, change: { kind: 'dependency', dependency: 'upstream', status: 503, latencyMs: null } }],
      actions: [{ id: 'flag-off', containment: 'feature-flag', change: { kind: 'flags', set: { mode: 'safe' } } }],
      expected: {
        severity: 'SEV-2',
        right: [{ kind: 'revert', commit: 'culprit' }],
        acceptable: [{ kind: 'action', action: 'flag-off' }],
        harmful: [{ kind: 'containment', option: 'rollback' }],
      },
    });
    expect(scenario!.service.routes.map((r) => [r.path, r.status, r.latencyMs, r.calls])).toEqual([
      ['/health', 200, 20, []],
      ['/api', 200, 20, ['upstream']],
    ]);
  });

  it.each([
    ['bad-author', 'bad-author.yaml:20:13: history.1.author: an author is "Name <email>"'],
    ['certificate-without-tls', 'certificate-without-tls.yaml:34:18: certificate needs service.tls: true'],
    ['condition-file-and-flag', 'condition-file-and-flag.yaml:29:9: a condition has exactly one of file or flag'],
    [
      'culprit-cannot-heal',
      'culprit-cannot-heal.yaml:23:14: the culprit changes none of the files the rules read, so reverting it cannot heal the service',
    ],
    ['culprit-missing', 'culprit-missing.yaml:40:1: revert:culprit is expected but no commit has culprit: true'],
    ['delete-missing', 'delete-missing.yaml:26:7: file "notes.txt" is deleted here but no earlier commit created it'],
    ['empty-effect', 'empty-effect.yaml:31:5: then: needs at least one of status, body, latency_ms, call, skip, leak_mb_per_minute'],
    [
      'fault-two-kinds',
      'fault-two-kinds.yaml:33:5: needs exactly one of dependency, certificate, set or restart (found dependency, certificate)',
    ],
    [
      'history-out-of-order',
      'history-out-of-order.yaml:21:18: this commit is older (90 minutes ago) than the one before it (60); history is oldest first',
    ],
    [
      'not-a-move',
      'not-a-move.yaml:45:13: "rollbak" is not a move: a containment option (rollback, feature-flag, scale-up, fail-over, rate-limit, block-actor, investigate), revert:<commit id> or action:<action id> (did you mean "rollback"?)',
    ],
    [
      'nothing-goes-wrong',
      'nothing-goes-wrong.yaml:2:1: nothing ever goes wrong: add rules (driven by the files of the history) or faults (on a schedule)',
    ],
    ['probe-path-not-a-route', 'probe-path-not-a-route.yaml:7:15: probe_path "/status" is not one of the routes (known: /health, /api)'],
    ['syntax-error', 'syntax-error.yaml:3:8: YAML syntax: this " quote is never closed'],
    ['two-culprits', 'two-culprits.yaml:24:14: only one commit can be the culprit'],
    ['unknown-commit', 'unknown-commit.yaml:43:27: no commit "c7" in history (did you mean "c1"?)'],
    ['unknown-dependency', 'unknown-dependency.yaml:12:21: no dependency "upstrem" under service.dependencies (did you mean "upstream"?)'],
    ['unknown-flag', 'unknown-flag.yaml:40:18: no flag "moed" under service.flags (known: mode)'],
    ['unknown-key', 'unknown-key.yaml:11:26: unknown key "stauts" in service.routes./health (did you mean "status"?)'],
    ['unknown-route', 'unknown-route.yaml:30:14: no route "/helth" under service.routes (did you mean "/health"?)'],
    ['unsafe-path', 'unsafe-path.yaml:19:7: file "../outside.txt": must stay inside the repository (no "..", "." or empty parts)'],
  ])('%s: one problem, where it is', (name, expected) => {
    expect(lint(name)).toEqual([expected]);
  });

  it('reports every problem of a file, not the first', () => {
    const text =
      'id: Bad Id\ntitle: ""\nbriefing: x\nservice: { name: s, routes: { /: {} } }\nhistory: []\nexpected: { severity: SEV-9, right: [] }\nextra: 1\n';
    expect(parseScenarioYaml(text, 'x.yaml', 'flag').problems.map(formatProblem)).toEqual([
      'x.yaml:1:5: id: an id is kebab-case: lowercase letters and digits joined by "-"',
      'x.yaml:2:8: title: must not be empty',
      'x.yaml:5:1: history: needs at least 1 item',
      'x.yaml:6:23: expected.severity: expected one of SEV-1, SEV-2, SEV-3, SEV-4, got "SEV-9"',
      'x.yaml:6:30: expected.right: needs at least 1 item',
      'x.yaml:7:1: unknown key "extra" (expected id, title, briefing, debrief, service, history, rules, faults, actions, expected)',
    ]);
  });

  it('a warning does not stop it loading: a rule reads a file no commit writes', () => {
    const text = loadText().replace(
      '{ file: app.conf, contains: broken }',
      '{ file: app.conf, contains: broken }\n      - { file: VERSION, exists: false }',
    );
    const { scenario, problems } = parseScenarioYaml(text, 'w.yaml', 'flag');
    expect(problems.map(formatProblem)).toEqual([
      'w.yaml:30:17: warning: no commit writes "VERSION": the condition always sees it missing',
    ]);
    expect(scenario).not.toBeNull();
  });
});

describe('discovering scenarios', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => (tmp = makeTempDir('incident-drill-lint-')));
  afterEach(() => tmp.cleanup());

  it('finds drills/ in each runbook folder; a broken file is reported and never hides the others; the first id wins', () => {
    const builtin = join(tmp.dir, 'builtin');
    const team = join(tmp.dir, 'repo', '.incident', 'runbooks', 'drills');
    mkdirSync(join(builtin, 'drills'), { recursive: true });
    mkdirSync(team, { recursive: true });
    copyFileSync(join(fixtures, 'good.yaml'), join(builtin, 'drills', 'good-drill.yaml'));
    copyFileSync(join(fixtures, 'good.yaml'), join(team, 'ours.yaml'));
    copyFileSync(join(fixtures, 'unknown-route.yaml'), join(team, 'broken.yaml'));
    writeFileSync(join(team, 'other.yml'), loadText().replace('id: good-drill', 'id: other-drill'));
    writeFileSync(join(team, 'notes.md'), '# not a scenario');
    const found = discoverScenarios({ repoRoot: join(tmp.dir, 'repo'), builtinDir: builtin, env: { HOME: join(tmp.dir, 'home') } });
    expect(found.scenarios.map((s) => [s.id, s.source.origin, s.overrides]).sort()).toEqual([
      ['good-drill', 'repo', 'builtin'],
      ['other-drill', 'repo', null],
    ]);
    expect(found.problems.map((p) => formatProblem({ ...p, file: p.file.slice(tmp.dir.length + 1) }))).toEqual([
      'repo/.incident/runbooks/drills/broken.yaml:30:14: no route "/helth" under service.routes (did you mean "/health"?)',
    ]);
    expect(found.files).toHaveLength(4);
  });
});

function loadText(): string {
  return readFileSync(join(fixtures, 'good.yaml'), 'utf8');
}
