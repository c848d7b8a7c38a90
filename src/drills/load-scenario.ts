// YAML drill scenario → Scenario, with every problem at `file:line:col`:
// syntax, tabs, duplicate keys, alias bombs and size as for runbooks (yaml/),
// then the schema (scenario-schema.ts), then the references between parts
// (lint-scenario.ts). All problems of a file are reported, not the first.
import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { stripControl } from '../domain/sanitize.js';
import { describeIssue } from '../yaml/describe-issue.js';
import { locateKey, locatorFor, parseYamlSource, syntaxProblems, toData, valueAt, type Path } from '../yaml/yaml-source.js';
import { closeMatches, type Problem } from '../runbooks/lint-runbook.js';
import { MAX_ALIAS_COUNT, MAX_RUNBOOK_BYTES } from '../runbooks/load-runbook.js';
import { isError } from '../runbooks/lint-runbook.js';
import { lintScenario, parseMove } from './lint-scenario.js';
import { AUTHOR, scenarioFileSchema, type ChangeInput, type ScenarioFile } from './scenario-schema.js';
import type { Condition, Scenario, ScenarioOrigin, WorldChange } from './scenario.js';

export interface ScenarioParse {
  /** Null when there is any error; warnings alone keep the scenario. */
  scenario: Scenario | null;
  problems: Problem[];
}

export function loadScenarioFile(file: string, origin: ScenarioOrigin): ScenarioParse {
  const fail = (message: string): ScenarioParse => ({ scenario: null, problems: [{ file, line: 1, col: 1, step: null, message }] });
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail('not a file');
    if (stat.size > MAX_RUNBOOK_BYTES) return fail(tooBig(stat.size));
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseScenarioYaml(text, file, origin);
}

export function parseScenarioYaml(input: string, file: string, origin: ScenarioOrigin): ScenarioParse {
  const problems: Problem[] = [];
  const add = (line: number, col: number, message: string, level?: 'warning'): void => {
    problems.push({ file, line, col, step: null, message, ...(level ? { level } : {}) });
  };
  if (Buffer.byteLength(input, 'utf8') > MAX_RUNBOOK_BYTES) {
    add(1, 1, tooBig(Buffer.byteLength(input, 'utf8')));
    return { scenario: null, problems };
  }
  // Escape sequences would reach the terminal through a title or a briefing.
  const text = stripControl(input);
  if (text !== input.replace(/\r\n?/g, '\n')) add(1, 1, 'control characters (terminal escape sequences) were removed', 'warning');

  const source = parseYamlSource(text);
  const { doc, lines } = source;
  const at = (offset: number, message: string, level?: 'warning'): void => {
    const { line, col } = lines.linePos(offset);
    add(line, col, message, level);
  };
  for (const problem of syntaxProblems(source)) at(problem.offset, problem.message);
  if (problems.some(isError)) return { scenario: null, problems };
  for (const warning of doc.warnings) at(warning.pos[0], `YAML: ${warning.message.split('\n')[0]}`, 'warning');
  const converted = toData(doc, MAX_ALIAS_COUNT);
  if (!converted.ok) {
    at(converted.offset, converted.message);
    return { scenario: null, problems };
  }
  const data = converted.data;
  const locate = locatorFor(doc, lines);
  const atPath = (path: Path, message: string, level?: 'warning'): void => {
    const found = locate(path) ?? { line: 1, col: 1 };
    add(found.line, found.col, message, level);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    atPath([], 'a drill scenario is a map with id, title, briefing, service, history and expected');
    return { scenario: null, problems };
  }

  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(issue);
    return { scenario: null, problems };
  }
  for (const p of lintScenario(parsed.data, { locate, locateKey: (path) => locateKey(doc, lines, path) })) {
    add(p.line, p.col, p.message, p.level === 'warning' ? 'warning' : undefined);
  }
  if (problems.some(isError)) return { scenario: null, problems };
  return { scenario: toScenario(parsed.data, file, origin), problems };

  function report(issue: z.core.$ZodIssue): void {
    const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
    const field = path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(path);
      for (const key of issue.keys) {
        const close = closeMatches(key, known);
        const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : known.length > 0 ? ` (expected ${known.join(', ')})` : '';
        const where = field === '' ? '' : ` in ${field}`;
        const pos = locateKey(doc, lines, [...path, key]) ?? { line: 1, col: 1 };
        add(pos.line, pos.col, `unknown key "${key}"${where}${hint}`);
      }
      return;
    }
    if (issue.code === 'invalid_key') {
      const pos = locateKey(doc, lines, path) ?? { line: 1, col: 1 };
      add(pos.line, pos.col, `key "${String(path[path.length - 1])}": ${issue.issues[0]?.message ?? issue.message}`);
      return;
    }
    atPath(path, describeIssue(issue, valueAt(data, path), field));
  }
}

/** The keys the schema allows at `path` (an object inside lists, records, optionals, defaults). */
function knownKeys(path: Path): string[] {
  let node: unknown = scenarioFileSchema;
  const inner = (n: unknown): unknown => {
    let cur = n as { def: { type: string; innerType?: unknown } };
    while (cur.def.type === 'optional' || cur.def.type === 'default' || cur.def.type === 'nullable') cur = cur.def.innerType as typeof cur;
    return cur;
  };
  for (const key of path) {
    const cur = inner(node) as { def: { type: string }; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown };
    if (cur.def.type === 'object') node = cur.shape?.[String(key)];
    else if (cur.def.type === 'array') node = cur.element;
    else if (cur.def.type === 'record') node = cur.valueType;
    else return [];
    if (node === undefined) return [];
  }
  const last = inner(node) as { def: { type: string }; shape?: Record<string, unknown> };
  return last.def.type === 'object' && last.shape ? Object.keys(last.shape) : [];
}

function tooBig(bytes: number): string {
  return `file is ${Math.ceil(bytes / 1024)} KiB; a drill scenario may be at most ${MAX_RUNBOOK_BYTES / 1024} KiB`;
}

/** The checked file as a Scenario. Only called once lint found no error, so references hold. */
export function toScenario(data: ScenarioFile, file: string, origin: ScenarioOrigin): Scenario {
  const flags = Object.fromEntries(Object.entries(data.service.flags).map(([k, v]) => [k, String(v)]));
  return {
    id: data.id,
    title: data.title,
    briefing: data.briefing,
    debrief: data.debrief ?? '',
    service: {
      name: data.service.name,
      probePath: data.service.probe_path,
      timeoutMs: data.service.timeout_ms,
      tls: data.service.tls,
      memory: {
        startMb: data.service.memory.start_mb,
        limitMb: data.service.memory.limit_mb,
        restartSeconds: data.service.memory.restart_seconds,
      },
      flags,
      dependencies: Object.entries(data.service.dependencies).map(([id, d]) => ({
        id,
        title: d.title,
        status: d.status,
        body: d.body,
        latencyMs: d.latency_ms,
      })),
      routes: Object.entries(data.service.routes).map(([path, r]) => ({
        path,
        status: r.status,
        body: r.body,
        latencyMs: r.latency_ms,
        calls: r.calls,
      })),
    },
    history: data.history.map((c, i) => {
      const m = AUTHOR.exec(c.author)!;
      return {
        id: c.id ?? defaultCommitId(i),
        author: { name: m[1]!, email: m[2]! },
        message: c.message.replace(/\s+$/, ''),
        minutesAgo: c.minutes_ago,
        files: c.files,
        culprit: c.culprit,
      };
    }),
    rules: data.rules.map((r) => ({
      id: r.id,
      when: r.when.map(toCondition),
      routes: r.routes ?? null,
      then: {
        status: r.then.status ?? null,
        body: r.then.body ?? null,
        addLatencyMs: r.then.latency_ms ?? 0,
        addCalls: r.then.call ?? [],
        skipCalls: r.then.skip ?? [],
        leakMbPerMinute: r.then.leak_mb_per_minute ?? 0,
      },
    })),
    faults: data.faults.map((f) => ({ atSeconds: f.at_seconds, note: f.note ?? null, change: toChange(f) })),
    actions: data.actions.map((a) => ({ id: a.id, title: a.title, containment: a.containment ?? null, change: toChange(a) })),
    expected: {
      severity: data.expected.severity,
      acceptableSeverities: data.expected.acceptable_severities,
      right: data.expected.right.map((m) => parseMove(m)!),
      acceptable: data.expected.acceptable.map((m) => parseMove(m)!),
      harmful: data.expected.harmful.map((m) => parseMove(m)!),
    },
    source: { file, origin },
  };
}

export const defaultCommitId = (index: number): string => `c${index + 1}`;

function toCondition(c: ScenarioFile['rules'][number]['when'][number]): Condition {
  if (c.file !== undefined) {
    if (c.contains !== undefined) return { kind: 'file-contains', file: c.file, text: c.contains };
    if (c.lacks !== undefined) return { kind: 'file-lacks', file: c.file, text: c.lacks };
    return { kind: 'file-exists', file: c.file, exists: c.exists ?? true };
  }
  if (c.is !== undefined) return { kind: 'flag-is', flag: c.flag!, value: String(c.is) };
  return { kind: 'flag-is-not', flag: c.flag!, value: String(c.is_not) };
}

function toChange(c: ChangeInput): WorldChange {
  if (c.dependency !== undefined) {
    return {
      kind: 'dependency',
      dependency: c.dependency,
      status: c.status ?? null,
      body: c.body ?? null,
      latencyMs: c.latency_ms ?? null,
      latencyMsPerMinute: c.latency_ms_per_minute ?? 0,
      maxLatencyMs: c.max_latency_ms ?? null,
    };
  }
  if (c.certificate !== undefined) return { kind: 'certificate', certificate: c.certificate };
  if (c.set !== undefined) return { kind: 'flags', set: Object.fromEntries(Object.entries(c.set).map(([k, v]) => [k, String(v)])) };
  return { kind: 'restart' };
}
