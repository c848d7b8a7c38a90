import { describe, expect, it } from 'vitest';
import { describeEntry, entryTime, isSummarisedStep, sortByOccurred } from '../../src/domain/describe-entry.js';
import type { EventPhase, TimelineEntry } from '../../src/domain/types.js';

let seq = 0;
function entry(type: string, data: Record<string, unknown>, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  seq += 1;
  return {
    id: `01JTEST${String(seq).padStart(4, '0')}`,
    seq,
    at: '2026-11-25T02:10:00.000Z',
    phase: 'detect' as EventPhase,
    type,
    actor: 'ana@laptop',
    data,
    ...extra,
  };
}

describe('describeEntry', () => {
  it.each<[string, string, Record<string, unknown>, string, string, boolean]>([
    ['declared', 'incident.declared', { title: 'Checkout returns 500', source: 'tui' }, 'Declared: Checkout returns 500', 'declare', true],
    [
      'declared with severity',
      'incident.declared',
      { title: 'DB down', severity: 'SEV-1', source: 'cli' },
      'Declared: DB down (declared SEV-1)',
      'declare',
      true,
    ],
    ['declared without title', 'incident.declared', { source: 'cli' }, 'Declared: (untitled)', 'declare', true],
    ['phase', 'phase.changed', { from: 'detect', to: 'triage' }, 'Phase: detect → triage', 'phase', true],
    [
      'severity from tree',
      'severity.set',
      {
        severity: 'SEV-2',
        source: 'tree',
        path: [
          { node: 'app_down', question: 'Is the whole app down?', answer: 'no' },
          { node: 'core_workflow_broken', question: 'Is a core workflow broken?', answer: 'yes' },
        ],
      },
      'Severity SEV-2 (core workflow broken: yes)',
      'decision',
      true,
    ],
    [
      'severity declared',
      'severity.set',
      { severity: 'SEV-1', source: 'declared', path: [] },
      'Severity SEV-1 (declared)',
      'decision',
      true,
    ],
    [
      'detect answer',
      'answer',
      { step: 'detect.url', question: 'Production URL?', value: 'https://shop.example.com' },
      'Production URL? → https://shop.example.com',
      'answer',
      true,
    ],
    [
      'answer label wins',
      'answer',
      { step: 'detect.detection', question: 'How was it detected?', value: 'monitoring', label: 'Monitoring or an alert' },
      'How was it detected? → Monitoring or an alert',
      'answer',
      true,
    ],
    [
      'empty answer',
      'answer',
      { step: 'detect.changes', question: 'What changed?', value: '' },
      'What changed? → (no answer)',
      'answer',
      true,
    ],
    [
      'severity tree answer',
      'answer',
      { step: 'triage.severity.app_down', question: 'Is the whole app down?', value: 'no' },
      'Is the whole app down? → no',
      'answer',
      false,
    ],
    [
      'post-mortem answer',
      'answer',
      { step: 'postmortem.went-well', question: 'What went well?', value: 'alerts' },
      'What went well? → alerts',
      'answer',
      false,
    ],
    [
      'contain option answer',
      'answer',
      { step: 'contain.option', question: 'Contain how?', value: 'rollback', label: 'Roll back the last deploy' },
      'Contain how? → Roll back the last deploy',
      'answer',
      false,
    ],
    [
      'verify answer',
      'answer',
      { step: 'verify.next', question: 'Verify: next step', value: 'continue' },
      'Verify: next step → continue',
      'answer',
      false,
    ],
    [
      'contain action answer',
      'answer',
      { step: 'contain.action', question: 'What did you do?', value: 'reverted 3f2a9c1' },
      'What did you do? → reverted 3f2a9c1',
      'answer',
      true,
    ],
    ['note', 'note.added', { text: 'restarted pod api-3' }, 'Note: restarted pod api-3', 'note', true],
    [
      'recommendation',
      'recommendation.made',
      { blastRadius: 'many-features', recommendation: 'rollback-first', text: 'Roll back first' },
      'Recommendation: Roll back first (blast radius: many features)',
      'decision',
      true,
    ],
    [
      'contain chosen',
      'contain.chosen',
      { option: 'rollback', label: 'Roll back the last deploy' },
      'Chose containment: Roll back the last deploy',
      'decision',
      true,
    ],
    [
      'mitigated by rollback',
      'mitigated',
      { option: 'rollback', action: 'reverted 3f2a9c1' },
      'Mitigated by rolling back: reverted 3f2a9c1',
      'milestone',
      true,
    ],
    [
      'mitigated by flag, no action',
      'mitigated',
      { option: 'feature-flag', action: null },
      'Mitigated by turning off a feature flag',
      'milestone',
      true,
    ],
    ['mitigated, no option', 'mitigated', { option: null, action: 'scaled to 12 pods' }, 'Mitigated: scaled to 12 pods', 'milestone', true],
    ['resolved clean', 'resolved', { skipReason: null, unticked: [] }, 'Resolved (verify checklist complete)', 'milestone', true],
    [
      'resolved with reason',
      'resolved',
      { skipReason: 'no traffic at night', unticked: ['a', 'b'] },
      'Resolved with 2 checks unticked: no traffic at night',
      'milestone',
      true,
    ],
    ['resolved with one', 'resolved', { skipReason: 'later', unticked: ['a'] }, 'Resolved with 1 check unticked: later', 'milestone', true],
    [
      'postmortem written',
      'postmortem.written',
      { path: 'docs/incidents/2026-11-25-checkout.md' },
      'Post-mortem written: docs/incidents/2026-11-25-checkout.md',
      'milestone',
      true,
    ],
    ['closed', 'incident.closed', {}, 'Incident closed', 'milestone', true],
    [
      'unknown',
      'disk.check',
      { status: 500, ms: 231, body: 'Internal error' },
      'disk.check status=500 ms=231 body="Internal error"',
      'other',
      false,
    ],
    [
      'webhook retrying',
      'update.retrying',
      { kind: 'investigating', channel: 'hooks.slack.com', attempts: 1, error: 'HTTP 500', nextInSeconds: 10 },
      'Status update to hooks.slack.com failed (attempt 1): HTTP 500; trying again',
      'milestone',
      false,
    ],
    ['unknown, no data', 'snapshot.saved', {}, 'snapshot.saved', 'other', false],
  ])('%s', (_name, type, data, text, kind, significant) => {
    expect(describeEntry(entry(type, data))).toEqual({ text, kind, significant });
  });

  it('keeps descriptions on one line and strips terminal escapes', () => {
    const d = describeEntry(entry('note.added', { text: 'line one\nline two\u001b]8;;http://evil\u0007 \u001b[31mred\u001b[0m\u0007' }));
    expect(d.text).toBe('Note: line one line two red');
  });

  it('caps the compact rendering of unknown data', () => {
    const d = describeEntry(entry('disk.check', { body: 'x'.repeat(500) }));
    expect(d.text.length).toBeLessThan(200);
    expect(d.text.endsWith('…')).toBe(true);
  });

  it('never prints "undefined" or "null" for missing fields', () => {
    for (const type of [
      'incident.declared',
      'phase.changed',
      'answer',
      'severity.set',
      'recommendation.made',
      'contain.chosen',
      'mitigated',
      'resolved',
      'note.added',
      'postmortem.written',
    ]) {
      const { text } = describeEntry(entry(type, {}));
      expect(text).not.toMatch(/undefined|null/);
    }
  });
});

describe('isSummarisedStep', () => {
  it.each([
    ['postmortem.impact', true],
    ['postmortem.action.owner', true],
    ['triage.severity.app_down', true],
    ['contain.option', true],
    ['verify.skip-reason', true],
    ['detect.url', false],
    ['triage.affected', false],
    ['contain.rollback-caution', false],
    ['resolve.root-cause', false],
  ])('%s → %s', (step, expected) => {
    expect(isSummarisedStep(step)).toBe(expected);
  });
});

describe('entryTime and sortByOccurred', () => {
  it('uses the backfilled time when there is one', () => {
    expect(entryTime(entry('note.added', {}, { at: '2026-11-25T02:10:00.000Z' }))).toBe('2026-11-25T02:10:00.000Z');
    expect(entryTime(entry('note.added', {}, { at: '2026-11-25T02:10:00.000Z', occurredAt: '2026-11-25T01:52:00.000Z' }))).toBe(
      '2026-11-25T01:52:00.000Z',
    );
  });

  it('orders by occurred time, stable for ties, without mutating the input', () => {
    const a = entry('note.added', { text: 'a' }, { at: '2026-11-25T02:10:00.000Z' });
    const b = entry('note.added', { text: 'b' }, { at: '2026-11-25T02:11:00.000Z', occurredAt: '2026-11-24T23:59:00Z' });
    const c = entry('note.added', { text: 'c' }, { at: '2026-11-25T02:10:00.000Z' });
    const d = entry('note.added', { text: 'd' }, { at: '2026-11-25T02:09:59.999Z' });
    const input = [a, b, c, d];
    expect(sortByOccurred(input).map((e) => e.data.text)).toEqual(['b', 'd', 'a', 'c']);
    expect(input.map((e) => e.data.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('compares instants, not strings (offsets and missing milliseconds)', () => {
    const a = entry('note.added', { text: 'a' }, { at: '2026-11-25T02:10:00.500Z' });
    const b = entry('note.added', { text: 'b' }, { at: '2026-11-25T02:10:00.000Z', occurredAt: '2026-11-25T03:05:00+01:00' });
    expect(sortByOccurred([a, b]).map((e) => e.data.text)).toEqual(['b', 'a']);
  });

  it('falls back to the recording time for an unparsable backfilled time, and puts unparsable times last', () => {
    const a = entry('note.added', { text: 'a' }, { at: 'garbage' });
    const b = entry('note.added', { text: 'b' }, { at: '2026-11-25T02:10:00.000Z', occurredAt: 'not a time' });
    const c = entry('note.added', { text: 'c' }, { at: '2026-11-25T02:00:00.000Z' });
    expect(sortByOccurred([a, b, c]).map((e) => e.data.text)).toEqual(['c', 'b', 'a']);
  });
});

describe('runbook entries', () => {
  const entry = (type: string, data: Record<string, unknown>) => ({
    id: 'x',
    seq: 1,
    at: '2026-11-25T02:10:00.000Z',
    phase: 'contain' as const,
    type,
    actor: 'a@b',
    data,
  });
  it.each([
    ['runbook.started', { runbook: 'containment', title: 'Containment decision' }, 'Runbook opened: Containment decision', true],
    [
      'runbook.answer',
      { runbook: 'containment', step: 'recent_deploy', value: 'yes', label: 'Yes' },
      'Runbook containment · recent_deploy → Yes',
      true,
    ],
    [
      'runbook.ack',
      { runbook: 'tls-expired', step: 'check', finding: 'expired yesterday' },
      'Runbook tls-expired · check: expired yesterday',
      true,
    ],
    [
      'runbook.command',
      { runbook: 'r', step: 's', argv: ['kubectl', 'get', 'pods'], ran: true, exitCode: 0, durationMs: 1234 },
      'Command: kubectl get pods → exit 0 in 1.2 s',
      true,
    ],
    [
      'runbook.command',
      { runbook: 'r', step: 's', argv: ['kubectl', 'delete', 'pod'], ran: false, exitCode: null },
      'Command: kubectl delete pod → skipped',
      false,
    ],
    [
      'runbook.command',
      { runbook: 'r', step: 's', argv: ['nope'], ran: true, exitCode: null, error: 'command not found: nope' },
      'Command: nope → could not run: command not found: nope',
      true,
    ],
    [
      'runbook.finished',
      { runbook: 'containment', outcome: { containment: 'rollback', text: 'Roll back now' } },
      'Runbook containment finished: contain: rollback · Roll back now',
      true,
    ],
  ])('%s %j', (type, data, text, significant) => {
    expect(describeEntry(entry(type, data))).toMatchObject({ text, significant });
  });
});

describe('probe entries', () => {
  const probe = (purpose: string, healthy: boolean) => ({
    id: 'p',
    seq: 1,
    at: '2026-11-25T02:10:00.000Z',
    phase: 'verify' as const,
    type: 'probe.result',
    actor: 'a@b',
    data: {
      probe: {
        purpose,
        healthy,
        url: 'http://127.0.0.1:1/',
        target: 'http://127.0.0.1:1/health',
        at: '2026-11-25T02:10:00.000Z',
        samples: [],
        status: healthy ? 200 : 500,
        findings: [],
        p50Ms: 3,
        p95Ms: 4,
        errorRate: healthy ? 0 : 1,
        tls: null,
        bodyBytes: 0,
      },
    },
  });
  it.each([
    ['detect', false, true],
    ['verify', true, true],
    ['watch', true, false],
    ['watch', false, true],
  ])('a %s probe (healthy: %s) is in the post-mortem timeline: %s', (purpose, healthy, significant) => {
    const d = describeEntry(probe(purpose, healthy));
    expect(d.significant).toBe(significant);
    expect(d.text).toMatch(
      new RegExp(
        `^Probe \\(${purpose}\\): ${healthy ? 'healthy' : 'unhealthy'} http://127\\.0\\.0\\.1:1/health: HTTP ${healthy ? 200 : 500}`,
      ),
    );
  });
});
