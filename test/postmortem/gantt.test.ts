import { describe, expect, it } from 'vitest';
import { ganttName, renderGantt } from '../../src/postmortem/gantt.js';
import { emptyFacts, type IncidentFacts } from '../../src/domain/incident.js';
import type { EventPhase, TimelineEntry } from '../../src/domain/types.js';

// The render test's incident in brief: started 23:38, declared 23:58 (crossing
// midnight UTC), a feature flag that did not help, a rollback that did,
// resolved at 00:50, one status update, closed after the post-mortem.
function build(): { facts: IncidentFacts; entries: TimelineEntry[] } {
  const entries: TimelineEntry[] = [];
  const add = (at: string, phase: EventPhase, type: string, data: Record<string, unknown> = {}) =>
    entries.push({ id: `01JG${entries.length + 1}`, seq: entries.length + 1, at, phase, type, actor: 'ana@laptop', data });
  add('2026-11-24T23:58:12.345Z', 'declare', 'incident.declared', { title: 'Checkout returns 500' });
  add('2026-11-24T23:58:13.000Z', 'detect', 'phase.changed', { from: 'declare', to: 'detect' });
  add('2026-11-24T23:59:41.000Z', 'triage', 'phase.changed', { from: 'detect', to: 'triage' });
  add('2026-11-25T00:02:02.000Z', 'contain', 'phase.changed', { from: 'triage', to: 'contain' });
  add('2026-11-25T00:02:30.000Z', 'contain', 'contain.chosen', { option: 'feature-flag', label: 'Turn off the feature flag' });
  add('2026-11-25T00:03:00.000Z', 'contain', 'update.posted', { kind: 'investigating', text: 'Investigating' });
  add('2026-11-25T00:21:00.500Z', 'contain', 'mitigated', { option: 'rollback' });
  add('2026-11-25T00:21:01.000Z', 'resolve', 'phase.changed', { from: 'contain', to: 'resolve' });
  add('2026-11-25T00:35:01.000Z', 'verify', 'phase.changed', { from: 'resolve', to: 'verify' });
  add('2026-11-25T00:50:00.500Z', 'verify', 'resolved', {});
  add('2026-11-25T00:50:01.000Z', 'postmortem', 'phase.changed', { from: 'verify', to: 'postmortem' });
  add('2026-11-25T01:05:00.000Z', 'closed', 'phase.changed', { from: 'postmortem', to: 'closed' });
  add('2026-11-25T01:05:00.100Z', 'closed', 'incident.closed', {});
  const facts: IncidentFacts = {
    ...emptyFacts({
      id: '2026-11-24-checkout',
      title: 'Checkout returns 500',
      declaredAt: '2026-11-24T23:58:12.345Z',
      actor: 'ana@laptop',
      repo: null,
    }),
    startedAt: '2026-11-24T23:38:00.000Z',
    contain: [
      {
        option: 'feature-flag',
        chosenAt: '2026-11-25T00:02:30.000Z',
        action: 'disabled flag new-checkout',
        outcome: 'not-yet',
        decidedAt: '2026-11-25T00:09:00.000Z',
      },
      {
        option: 'rollback',
        chosenAt: '2026-11-25T00:10:00.000Z',
        caution: 'none',
        action: 'reverted',
        outcome: 'mitigated',
        decidedAt: '2026-11-25T00:21:00.000Z',
      },
    ],
    mitigatedAt: '2026-11-25T00:21:00.000Z',
    resolvedAt: '2026-11-25T00:50:00.000Z',
    updates: [{ at: '2026-11-25T00:03:00.000Z', kind: 'investigating', text: 'Investigating' }],
  };
  return { facts, entries };
}

// ── a structural check against Mermaid's gantt grammar ───────────────────────
// From packages/mermaid/src/diagrams/gantt/parser/gantt.jison and ganttDb:
// a task is `taskTxt` ([^#:\n;]+) then `taskData` (":" [^#\n;]+); the data is
// comma-separated, tags (active, done, crit, milestone) first, then start and
// end (a date in dateFormat, or a duration like 0s). A line that starts with a
// keyword or a date is read as that; `%%` starts a comment.

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const DURATION = /^\d+(?:\.\d+)?(?:ms|[Mdhmswy])$/;
const KEYWORD =
  /^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|title|acc|section|click|href|call|\d{4}-\d{2}-\d{2})/i;

interface Task {
  section: string;
  name: string;
  tags: string[];
  start: string;
  end: string;
}

function parseGantt(block: string): { title: string; sections: string[]; tasks: Task[] } {
  const lines = block.split('\n');
  expect(lines[0]).toBe('```mermaid');
  expect(lines.at(-1)).toBe('```');
  const body = lines.slice(1, -1).map((l) => l.trim());
  expect(body.slice(0, 4)).toEqual([
    'gantt',
    expect.stringMatching(/^title [^#\n;%]+$/),
    'dateFormat YYYY-MM-DDTHH:mm:ss',
    'axisFormat %H:%M',
  ]);
  const sections: string[] = [];
  const tasks: Task[] = [];
  for (const line of body.slice(4)) {
    if (line === '') continue;
    const section = /^section ([^#:\n;%]+)$/.exec(line);
    if (section) {
      sections.push(section[1]!);
      continue;
    }
    const task = /^([^#:\n;%]+):([^#\n;%]+)$/.exec(line);
    if (!task) throw new Error(`not a gantt statement: ${line}`);
    const name = task[1]!.trim();
    expect(name, line).not.toMatch(KEYWORD);
    const data = task[2]!.split(',').map((d) => d.trim());
    const tags: string[] = [];
    while (['active', 'done', 'crit', 'milestone'].includes(data[0]!)) tags.push(data.shift()!);
    expect(data, line).toHaveLength(2);
    const [start, end] = data as [string, string];
    expect(start, line).toMatch(STAMP);
    if (!DURATION.test(end)) {
      expect(end, line).toMatch(STAMP);
      expect(end >= start, line).toBe(true);
    }
    expect(sections.length, `${line} before any section`).toBeGreaterThan(0);
    tasks.push({ section: sections.at(-1)!, name, tags, start, end });
  }
  return { title: body[1]!.slice(6), sections, tasks };
}

describe('renderGantt', () => {
  it('is one fenced Mermaid gantt that follows the grammar', () => {
    const { facts, entries } = build();
    const chart = parseGantt(renderGantt(facts, entries));
    expect(chart.title).toBe('Checkout returns 500 (UTC)');
    expect(chart.sections).toEqual([
      'Before it was declared',
      'Detect',
      'Triage',
      'Contain',
      'Resolve',
      'Verify',
      'Post-mortem',
      'Milestones',
    ]);
  });

  it('spans each phase from its phase.changed to the next, in UTC', () => {
    const { facts, entries } = build();
    const { tasks } = parseGantt(renderGantt(facts, entries));
    const span = (name: string) => tasks.find((t) => t.name === name);
    expect(span('Problem started → declared')).toEqual({
      section: 'Before it was declared',
      name: 'Problem started → declared',
      tags: ['crit'],
      start: '2026-11-24T23:38:00',
      end: '2026-11-24T23:58:12',
    });
    expect(span('Detect')).toMatchObject({ start: '2026-11-24T23:58:13', end: '2026-11-24T23:59:41' });
    expect(span('Triage')).toMatchObject({ start: '2026-11-24T23:59:41', end: '2026-11-25T00:02:02' });
    expect(span('Contain')).toMatchObject({ start: '2026-11-25T00:02:02', end: '2026-11-25T00:21:01' });
    expect(span('Post-mortem')).toMatchObject({ start: '2026-11-25T00:50:01', end: '2026-11-25T01:05:00' });
  });

  it('shows each containment attempt with its outcome', () => {
    const { facts, entries } = build();
    const contain = parseGantt(renderGantt(facts, entries)).tasks.filter((t) => t.section === 'Contain');
    expect(contain.map((t) => [t.name, t.tags, t.start, t.end])).toEqual([
      ['Contain', [], '2026-11-25T00:02:02', '2026-11-25T00:21:01'],
      ['Attempt 1 Turn off the feature flag (did not stop it)', ['done'], '2026-11-25T00:02:30', '2026-11-25T00:09:00'],
      ['Attempt 2 Roll back the last deploy (mitigated)', ['active'], '2026-11-25T00:10:00', '2026-11-25T00:21:00'],
    ]);
  });

  it('marks declared, status updates, mitigated and resolved as milestones in time order', () => {
    const { facts, entries } = build();
    const milestones = parseGantt(renderGantt(facts, entries)).tasks.filter((t) => t.section === 'Milestones');
    expect(milestones.map((t) => [t.name, t.start, t.end])).toEqual([
      ['Declared', '2026-11-24T23:58:12', '0s'],
      ['Status update 1 Investigating', '2026-11-25T00:03:00', '0s'],
      ['Mitigated', '2026-11-25T00:21:00', '0s'],
      ['Resolved', '2026-11-25T00:50:00', '0s'],
    ]);
    expect(milestones.every((t) => t.tags.join() === 'milestone')).toBe(true);
  });

  it('uses milestones set by hand', () => {
    const { facts, entries } = build();
    entries.push({
      id: '01JGX',
      seq: 99,
      at: '2026-11-25T01:10:00.000Z',
      phase: 'closed',
      type: 'milestone.set',
      actor: 'ana@laptop',
      data: { milestone: 'detected', at: '2026-11-24T23:50:00.000Z' },
    });
    const milestones = parseGantt(renderGantt(facts, entries)).tasks.filter((t) => t.section === 'Milestones');
    expect(milestones.map((t) => t.name)).toEqual(['Detected', 'Declared', 'Status update 1 Investigating', 'Mitigated', 'Resolved']);
  });

  it('still renders zero-length spans, and an incident that is only declared', () => {
    const declaredAt = '2026-11-25T02:10:00.000Z';
    const facts = { ...emptyFacts({ id: 'x', title: 'DB down', declaredAt, actor: 'a', repo: null }), startedAt: declaredAt };
    const entries: TimelineEntry[] = [
      { id: '1', seq: 1, at: declaredAt, phase: 'declare', type: 'incident.declared', actor: 'a', data: { title: 'DB down' } },
      { id: '2', seq: 2, at: declaredAt, phase: 'detect', type: 'phase.changed', actor: 'a', data: { from: 'declare', to: 'detect' } },
    ];
    const chart = parseGantt(renderGantt(facts, entries));
    expect(chart.sections).toEqual(['Detect', 'Milestones']);
    expect(chart.tasks.map((t) => [t.name, t.start, t.end])).toEqual([
      ['Detect', '2026-11-25T02:10:00', '2026-11-25T02:10:00'],
      ['Declared', '2026-11-25T02:10:00', '0s'],
    ]);
    expect(parseGantt(renderGantt(facts, entries.slice(0, 1))).sections).toEqual(['Milestones']);
  });

  it('names a phase entered twice "(again)" within its one section', () => {
    const { facts, entries } = build();
    entries.splice(10, 0, {
      id: 'back',
      seq: 50,
      at: '2026-11-25T00:45:00.000Z',
      phase: 'contain',
      type: 'phase.changed',
      actor: 'a',
      data: { from: 'verify', to: 'contain' },
    });
    const { tasks } = parseGantt(renderGantt(facts, entries));
    expect(tasks.filter((t) => t.section === 'Contain').map((t) => t.name)).toContain('Contain (again)');
    expect(tasks.find((t) => t.name === 'Verify')).toMatchObject({ end: '2026-11-25T00:45:00' });
  });

  it('keeps a hostile title and typed labels inside the grammar', () => {
    const { facts, entries } = build();
    facts.title = 'section 5%% of checkouts: 500s; see #ops\u001b[31m';
    facts.updates = [{ at: '2026-11-25T00:03:00.000Z', kind: 'investigating', text: 'x' }];
    const block = renderGantt(facts, entries);
    expect(parseGantt(block).title).toBe('› section 5 of checkouts 500s see ops (UTC)');
    expect(block).not.toContain('\u001b');
  });
});

describe('ganttName', () => {
  it.each<[string, string]>([
    ['Roll back: v2.3.1; #42 at 5%', 'Roll back v2.3.1 42 at 5'],
    ['click here', '› click here'],
    ['Section two', '› Section two'],
    ['2026-11-25 deploy', '› 2026-11-25 deploy'],
    ['ganttish', '› ganttish'],
    ['line one\nline two', 'line one line two'],
    [':::', '(untitled)'],
    ['x'.repeat(80), `${'x'.repeat(59)}…`],
  ])('%j → %j', (input, expected) => {
    expect(ganttName(input)).toBe(expected);
  });
});
