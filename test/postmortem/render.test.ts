import { describe, expect, it } from 'vitest';
import { renderPostmortem, splitItems } from '../../src/postmortem/render.js';
import { emptyFacts, type IncidentFacts } from '../../src/domain/incident.js';
import type { EventPhase, TimelineEntry } from '../../src/domain/types.js';
import { VERIFY_ITEMS } from '../../src/domain/verify-checklist.js';

// A realistic incident that crosses midnight UTC: the problem starts at 23:38,
// is declared at 23:58, is mitigated by a rollback at 00:21 after a feature
// flag did not help, and is resolved at 00:50 with one check unticked. One
// note is backfilled ("the deploy went out at 23:35"), recorded at 00:20.
function build(): { facts: IncidentFacts; entries: TimelineEntry[] } {
  const entries: TimelineEntry[] = [];
  const add = (at: string, phase: EventPhase, type: string, data: Record<string, unknown>, occurredAt?: string) => {
    entries.push({
      id: `01JDX${String(entries.length + 1).padStart(3, '0')}`,
      seq: entries.length + 1,
      at,
      ...(occurredAt ? { occurredAt } : {}),
      phase,
      type,
      actor: 'ana@laptop',
      data,
    });
  };
  const q = (at: string, phase: EventPhase, step: string, question: string, value: string, label?: string) =>
    add(at, phase, 'answer', { step, question, value, ...(label ? { label } : {}) });

  add('2026-11-24T23:58:12.345Z', 'declare', 'incident.declared', { title: 'Checkout returns 500', source: 'tui' });
  add('2026-11-24T23:58:13.000Z', 'detect', 'phase.changed', { from: 'declare', to: 'detect' });
  q('2026-11-24T23:58:30.000Z', 'detect', 'detect.url', 'Production URL?', 'https://shop.example.com/checkout');
  q('2026-11-24T23:58:50.000Z', 'detect', 'detect.started', 'When did it start?', '20 min ago');
  q('2026-11-24T23:59:05.000Z', 'detect', 'detect.detection', 'How was it detected?', 'monitoring', 'Monitoring or an alert');
  q('2026-11-24T23:59:40.000Z', 'detect', 'detect.changes', 'What changed recently?', 'Deployed v2.3.1');
  add('2026-11-24T23:59:41.000Z', 'triage', 'phase.changed', { from: 'detect', to: 'triage' });
  q('2026-11-24T23:59:55.000Z', 'triage', 'triage.severity.app-down', 'Is the whole app down?', 'no', 'No');
  q('2026-11-25T00:00:20.000Z', 'triage', 'triage.severity.core-workflow', 'Is a core workflow broken for many users?', 'yes', 'Yes');
  add('2026-11-25T00:00:21.000Z', 'triage', 'severity.set', {
    severity: 'SEV-2',
    source: 'tree',
    because: 'A core workflow is broken for many users',
    path: [
      { node: 'app-down', question: 'Is the whole app down?', answer: 'no' },
      { node: 'core-workflow', question: 'Is a core workflow broken for many users?', answer: 'yes' },
    ],
  });
  q('2026-11-25T00:01:00.000Z', 'triage', 'triage.affected', 'Who is affected?', 'Everyone paying by card');
  q(
    '2026-11-25T00:01:30.000Z',
    'triage',
    'triage.can-mitigate',
    'Can we mitigate now?',
    'yes',
    'Yes — there is a quick way to stop the impact',
  );
  q('2026-11-25T00:02:00.000Z', 'triage', 'triage.blast-radius', 'How far does it reach?', 'one-feature', 'One feature, for many users');
  add('2026-11-25T00:02:01.000Z', 'triage', 'recommendation.made', {
    blastRadius: 'one-feature',
    recommendation: 'investigate-consider-rollback',
    text: 'Investigate, and consider rolling back',
  });
  add('2026-11-25T00:02:02.000Z', 'contain', 'phase.changed', { from: 'triage', to: 'contain' });
  q(
    '2026-11-25T00:02:30.000Z',
    'contain',
    'contain.option',
    'Contain: what is the fastest safe way?',
    'feature-flag',
    'Turn off the feature flag',
  );
  q('2026-11-25T00:04:00.000Z', 'contain', 'contain.action', 'What did you do?', 'disabled flag new-checkout');
  q(
    '2026-11-25T00:09:00.000Z',
    'contain',
    'contain.outcome',
    'Has the impact stopped?',
    'not-yet',
    'Not yet — try another way to contain it',
  );
  q(
    '2026-11-25T00:10:00.000Z',
    'contain',
    'contain.option',
    'Contain: what is the fastest safe way?',
    'rollback',
    'Roll back the last deploy',
  );
  q(
    '2026-11-25T00:10:30.000Z',
    'contain',
    'contain.rollback-caution',
    'Before rolling back — does any of these apply?',
    'none',
    'None of these — roll back',
  );
  q('2026-11-25T00:14:00.000Z', 'contain', 'contain.action', 'What did you do?', 'reverted 3f2a9c1 and redeployed v2.3.0');
  add('2026-11-25T00:20:00.000Z', 'contain', 'note.added', { text: 'deploy of v2.3.1 went out' }, '2026-11-24T23:35:00.000Z');
  q(
    '2026-11-25T00:21:00.000Z',
    'contain',
    'contain.outcome',
    'Has the impact stopped?',
    'mitigated',
    'Yes — mitigated, move on to the root cause',
  );
  add('2026-11-25T00:21:00.500Z', 'contain', 'mitigated', { option: 'rollback', action: 'reverted 3f2a9c1 and redeployed v2.3.0' });
  add('2026-11-25T00:21:01.000Z', 'resolve', 'phase.changed', { from: 'contain', to: 'resolve' });
  q(
    '2026-11-25T00:30:00.000Z',
    'resolve',
    'resolve.root-cause',
    'Root cause, in one sentence',
    'v2.3.1 read PAYMENT_TIMEOUT|ms, a config key production does not set',
  );
  q('2026-11-25T00:35:00.000Z', 'resolve', 'resolve.fix', 'The fix', 'PR #482 adds the key with a safe default');
  add('2026-11-25T00:35:01.000Z', 'verify', 'phase.changed', { from: 'resolve', to: 'verify' });
  add('2026-11-25T00:40:00.000Z', 'verify', 'note.added', { text: 'error rate back to 0.1%' });
  q(
    '2026-11-25T00:50:00.000Z',
    'verify',
    'verify.skip-reason',
    'Why move on with unticked checks?',
    'no 3-D Secure card to test with at night',
  );
  add('2026-11-25T00:50:01.000Z', 'verify', 'resolved', {
    skipReason: 'no 3-D Secure card to test with at night',
    unticked: ['users-complete-workflow'],
  });
  add('2026-11-25T00:50:02.000Z', 'postmortem', 'phase.changed', { from: 'verify', to: 'postmortem' });
  q('2026-11-25T01:05:00.000Z', 'postmortem', 'postmortem.impact', 'Impact?', 'About 1,900 card payments failed over 43 minutes.');
  q(
    '2026-11-25T01:06:00.000Z',
    'postmortem',
    'postmortem.went-well',
    'What went well?',
    'alert fired within 3 minutes; rollback took 4 minutes',
  );

  const facts: IncidentFacts = {
    ...emptyFacts({
      id: '2026-11-24-checkout-returns-500',
      title: 'Checkout returns 500',
      declaredAt: '2026-11-24T23:58:12.345Z',
      actor: 'ana@laptop',
      repo: '/srv/shop',
    }),
    url: 'https://shop.example.com/checkout',
    startedAt: '2026-11-24T23:38:12.000Z',
    startedInput: '20 min ago',
    startedNote: null,
    detection: 'monitoring',
    changes: 'Deployed v2.3.1',
    severity: 'SEV-2',
    severityPath: [
      { node: 'app-down', question: 'Is the whole app down?', answer: 'no' },
      { node: 'core-workflow', question: 'Is a core workflow broken for many users?', answer: 'yes' },
    ],
    severitySource: 'tree',
    affected: 'Everyone paying by card',
    canMitigate: 'yes',
    blastRadius: 'one-feature',
    recommendation: 'investigate-consider-rollback',
    contain: [
      {
        option: 'feature-flag',
        chosenAt: '2026-11-25T00:02:30.000Z',
        caution: null,
        action: 'disabled flag new-checkout',
        outcome: 'not-yet',
        decidedAt: '2026-11-25T00:09:00.000Z',
      },
      {
        option: 'rollback',
        chosenAt: '2026-11-25T00:10:00.000Z',
        caution: 'none',
        action: 'reverted 3f2a9c1 and redeployed v2.3.0',
        outcome: 'mitigated',
        decidedAt: '2026-11-25T00:21:00.000Z',
      },
    ],
    mitigatedAt: '2026-11-25T00:21:00.000Z',
    rootCause: 'v2.3.1 read PAYMENT_TIMEOUT|ms, a config key production does not set',
    fix: 'PR #482 adds the key with a safe default',
    verify: {
      ticked: VERIFY_ITEMS.map((i) => i.id).filter((id) => id !== 'users-complete-workflow'),
      skipReason: 'no 3-D Secure card to test with at night',
      passedAt: '2026-11-25T00:50:01.000Z',
    },
    resolvedAt: '2026-11-25T00:50:01.000Z',
    postmortem: {
      impact: 'About 1,900 card payments failed over 43 minutes.\nNo data was lost.',
      affectedSystems: 'checkout-api; payments gateway',
      affectedUsers: 'All customers paying by card (EU and US)',
      trigger: null,
      contributing: null,
      lucky: null,
      whys: [],
      wentWell: 'alert fired within 3 minutes; rollback took 4 minutes',
      wentWrong:
        '- the flag did not cover the new code path\n- config keys are not validated at deploy time; 3-D Secure cannot be tested at night',
      actionItems: [
        { action: 'Validate required config keys | fail the deploy', owner: 'payments team', due: '2026-12-05' },
        { action: 'Put the whole checkout path\nbehind the flag', owner: 'checkout team', due: '2026-12-19' },
        { action: 'Test card for 3-D Secure in production', owner: '', due: '' },
      ],
      lessons: 'A feature flag only contains what it wraps.',
    },
  };
  return { facts, entries };
}

const GENERATED_AT = '2026-11-25T01:10:30.000Z';

/** The lines of one `## Section`, up to the next heading. */
function sectionOf(md: string, title: string): string {
  const match = new RegExp(`\\n(##|###) ${title.replace(/[()]/g, '\\$&')}\\n`).exec(md);
  expect(match, `section ${title}`).not.toBeNull();
  const rest = md.slice(match!.index + match![0].length);
  const end = rest.search(/\n##+ |\n---\n/);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('renderPostmortem — a full incident', () => {
  const { facts, entries } = build();
  // Shuffle the input: the renderer must order by occurred time, not by input order.
  const md = renderPostmortem(facts, [...entries].reverse(), { generatedAt: GENERATED_AT });

  it('has every section, in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Post-mortem: Checkout returns 500',
      '## Summary',
      '## Milestones and metrics',
      '## Impact',
      '## Trigger',
      '## Detection',
      '## Root cause and contributing factors',
      '## Five whys',
      '## Resolution and mitigation',
      '### Containment',
      '### Fix',
      '### Verification',
      '## Timeline (UTC)',
      '## The incident at a glance',
      '## What went well',
      '## What went wrong',
      '## Where we got lucky',
      '## Action items',
      '## Lessons learned',
      '## Supporting evidence',
    ]);
    expect(md).toContain('**Status:** Draft — generated by incident at 2026-11-25 01:10 UTC.');
    expect(md).toMatch(/\n---\n\n_This post-mortem is blameless: .*Generated by `incident` from 34 timeline events\._\n$/);
    expect(md).not.toMatch(/\bnull\b|\bundefined\b|NaN|Invalid Date/);
  });

  it('summarises the incident in a table', () => {
    const s = sectionOf(md, 'Summary');
    expect(s).toContain('| Field | Value |');
    expect(s).toContain('| Incident id | `2026-11-24-checkout-returns-500` |');
    expect(s).toContain('| Date (UTC) | 2026-11-24 → 2026-11-25 |');
    expect(s).toContain('| Duration | 1h 11m (2026-11-24 23:38 → 2026-11-25 00:50); mitigated after 42m |');
    expect(s).toContain(
      '| Severity | SEV-2 — A core workflow is broken for many users (severity tree: Is the whole app down? no → Is a core workflow broken for many users? yes) |',
    );
    expect(s).toContain('| Detected by | Monitoring or an alert |');
    expect(s).toContain('| Service URL | https://shop.example.com/checkout |');
    expect(s).toContain('| Affected systems | checkout-api; payments gateway |');
    expect(s).toContain('| Affected users | All customers paying by card (EU and US) |');
  });

  it('states the impact and the blast radius', () => {
    const s = sectionOf(md, 'Impact');
    expect(s).toContain('About 1,900 card payments failed over 43 minutes.\nNo data was lost.');
    expect(s).toContain('Blast radius at triage: One feature, for many users.');
  });

  it('lists the significant events in UTC order, with dates because it crosses midnight', () => {
    const s = sectionOf(md, 'Timeline (UTC)');
    expect(s).toContain('The incident crosses midnight UTC: times show the date.');
    expect(s).toContain('| Time (UTC) | Phase | Source | Event |');
    const rows = s.split('\n').filter((l) => /^\| \d{4}-/.test(l));
    expect(rows).toEqual([
      '| 2026-11-24 23:35 | Contain | note | Note: deploy of v2.3.1 went out _(backfilled; recorded 2026-11-25 00:20)_ |',
      "| 2026-11-24 23:38 | — | answer | Problem started (reported as '20 min ago') |",
      '| 2026-11-24 23:58 | Declare | incident | Declared: Checkout returns 500 |',
      '| 2026-11-24 23:58 | Detect | incident | Phase: declare → detect |',
      '| 2026-11-24 23:58 | Detect | answer | Production URL? → https://shop.example.com/checkout |',
      '| 2026-11-24 23:58 | Detect | answer | When did it start? → 20 min ago |',
      '| 2026-11-24 23:59 | Detect | answer | How was it detected? → Monitoring or an alert |',
      '| 2026-11-24 23:59 | Detect | answer | What changed recently? → Deployed v2.3.1 |',
      '| 2026-11-24 23:59 | Triage | incident | Phase: detect → triage |',
      '| 2026-11-25 00:00 | Triage | incident | Severity SEV-2 (core workflow: yes) |',
      '| 2026-11-25 00:01 | Triage | answer | Who is affected? → Everyone paying by card |',
      '| 2026-11-25 00:01 | Triage | answer | Can we mitigate now? → Yes — there is a quick way to stop the impact |',
      '| 2026-11-25 00:02 | Triage | answer | How far does it reach? → One feature, for many users |',
      '| 2026-11-25 00:02 | Triage | incident | Recommendation: Investigate, and consider rolling back (blast radius: one feature) |',
      '| 2026-11-25 00:02 | Contain | incident | Phase: triage → contain |',
      '| 2026-11-25 00:04 | Contain | answer | What did you do? → disabled flag new-checkout |',
      '| 2026-11-25 00:09 | Contain | answer | Has the impact stopped? → Not yet — try another way to contain it |',
      '| 2026-11-25 00:10 | Contain | answer | Before rolling back — does any of these apply? → None of these — roll back |',
      '| 2026-11-25 00:14 | Contain | answer | What did you do? → reverted 3f2a9c1 and redeployed v2.3.0 |',
      '| 2026-11-25 00:21 | Contain | answer | Has the impact stopped? → Yes — mitigated, move on to the root cause |',
      '| 2026-11-25 00:21 | Contain | incident | Mitigated by rolling back: reverted 3f2a9c1 and redeployed v2.3.0 |',
      '| 2026-11-25 00:21 | Resolve | incident | Phase: contain → resolve |',
      '| 2026-11-25 00:30 | Resolve | answer | Root cause, in one sentence → v2.3.1 read PAYMENT_TIMEOUT\\|ms, a config key production does not set |',
      '| 2026-11-25 00:35 | Resolve | answer | The fix → PR #482 adds the key with a safe default |',
      '| 2026-11-25 00:35 | Verify | incident | Phase: resolve → verify |',
      '| 2026-11-25 00:40 | Verify | note | Note: error rate back to 0.1% |',
      '| 2026-11-25 00:50 | Verify | incident | Resolved with 1 check unticked: no 3-D Secure card to test with at night |',
      '| 2026-11-25 00:50 | Postmortem | incident | Phase: verify → postmortem |',
    ]);
    // Summarised answers stay out: severity tree, containment choice, verify, post-mortem questions.
    expect(s).not.toContain('Is the whole app down?');
    expect(s).not.toContain('Contain: what is the fastest safe way?');
    expect(s).not.toContain('Why move on with unticked checks?');
    expect(s).not.toContain('What went well?');
    // Blameless: nobody's name in the timeline.
    expect(s).not.toContain('ana@laptop');
  });

  it('gives the root cause and the fix', () => {
    expect(sectionOf(md, 'Root cause and contributing factors').trim()).toBe(
      'v2.3.1 read PAYMENT_TIMEOUT|ms, a config key production does not set\n\n**Contributing factors**\n\n_Not recorded._',
    );
    expect(sectionOf(md, 'Fix').trim()).toBe('PR #482 adds the key with a safe default');
  });

  it('says what was tried, what mitigated it and when', () => {
    const s = sectionOf(md, 'Containment');
    expect(s).toContain('Recommended at triage: Investigate, and consider rolling back.');
    expect(s).toContain(
      '1. **Turn off the feature flag** — chosen 2026-11-25 00:02 UTC. Action: disabled flag new-checkout. Outcome: did not stop the impact (2026-11-25 00:09 UTC).',
    );
    expect(s).toContain(
      '2. **Roll back the last deploy** — chosen 2026-11-25 00:10 UTC. Rollback checks: none of the cautions applied. Action: reverted 3f2a9c1 and redeployed v2.3.0. Outcome: mitigated (2026-11-25 00:21 UTC).',
    );
    expect(s).toContain('**Mitigated at 2026-11-25 00:21 UTC**, 42m after the problem started.');
  });

  it('shows the verify checklist and why it moved on', () => {
    const s = sectionOf(md, 'Verification');
    const expected = VERIFY_ITEMS.map((i) => `- [${i.id === 'users-complete-workflow' ? ' ' : 'x'}] ${i.text}`).join('\n');
    expect(s).toContain(`${expected}\n\n`);
    expect(s).toMatch(/^- \[ \] Users can complete/m);
    expect(s).toContain('Moved on with 1 check unticked: no 3-D Secure card to test with at night');
    expect(s).toContain('Verified at 2026-11-25 00:50 UTC.');
  });

  it('uses checklist labels when given', () => {
    const withLabels = renderPostmortem(facts, entries, {
      generatedAt: GENERATED_AT,
      checklist: [
        { id: 'error-rate-baseline', label: 'Error rate back to baseline' },
        { id: 'users-complete-workflow', label: 'A real customer path works end to end' },
        { id: 'alerts-quiet', label: 'Alerts resolved' },
      ],
    });
    // Ticked ids the given checklist does not know are still listed, by id.
    expect(sectionOf(withLabels, 'Verification')).toContain(
      [
        '- [x] Error rate back to baseline',
        '- [ ] A real customer path works end to end',
        '- [ ] Alerts resolved',
        '- [x] Original error gone',
        '- [x] No new errors',
        '- [x] Monitoring confirms',
        '- [x] Fix in production',
        '',
        'Moved on with 2 checks unticked:',
      ].join('\n'),
    );
  });

  it('splits what went well and wrong into bullets', () => {
    expect(sectionOf(md, 'What went well').trim()).toBe('- alert fired within 3 minutes\n- rollback took 4 minutes');
    expect(sectionOf(md, 'What went wrong').trim()).toBe(
      '- the flag did not cover the new code path\n- config keys are not validated at deploy time\n- 3-D Secure cannot be tested at night',
    );
  });

  it('tabulates action items, escaping pipes and line breaks', () => {
    const s = sectionOf(md, 'Action items');
    expect(s).toContain('| # | Action | Kind | Owner | Due | Priority |');
    expect(s).toContain(
      '| 1 | Validate required config keys \\| fail the deploy | _Not recorded._ | payments team | 2026-12-05 | _Not recorded._ |',
    );
    expect(s).toContain(
      '| 2 | Put the whole checkout path<br>behind the flag | _Not recorded._ | checkout team | 2026-12-19 | _Not recorded._ |',
    );
    expect(s).toContain(
      '| 3 | Test card for 3-D Secure in production | _Not recorded._ | _Not recorded._ | _Not recorded._ | _Not recorded._ |',
    );
  });

  it('keeps the lessons', () => {
    expect(sectionOf(md, 'Lessons learned').trim()).toBe('- A feature flag only contains what it wraps.');
  });

  it('is the same whatever order the entries come in', () => {
    expect(renderPostmortem(facts, entries, { generatedAt: GENERATED_AT })).toBe(md);
  });
});

describe('renderPostmortem — sparse and hostile input', () => {
  const base = () =>
    emptyFacts({ id: 'inc-7', title: 'Search is slow', declaredAt: '2026-11-25T02:10:00.000Z', actor: 'bo@host', repo: null });
  const declared: TimelineEntry = {
    id: '01A',
    seq: 1,
    at: '2026-11-25T02:10:00.000Z',
    phase: 'declare',
    type: 'incident.declared',
    actor: 'bo@host',
    data: { title: 'Search is slow', source: 'cli' },
  };

  it('renders "_Not recorded._" for every missing answer and never null/undefined', () => {
    const md = renderPostmortem(base(), [], { generatedAt: '2026-11-25T03:00:00.000Z' });
    expect(md).not.toMatch(/\bnull\b|\bundefined\b|NaN|Invalid Date/);
    for (const title of [
      'Impact',
      'Trigger',
      'Five whys',
      'Where we got lucky',
      'Supporting evidence',
      'Timeline (UTC)',
      'Fix',
      'Containment',
      'Verification',
      'What went well',
      'What went wrong',
      'Action items',
      'Lessons learned',
    ]) {
      expect(sectionOf(md, title).trim(), title).toBe('_Not recorded._');
    }
    expect(md).toContain('| Severity | _Not recorded._ |');
    expect(md).toContain('| Detected by | _Not recorded._ |');
    expect(md).toContain('| Affected systems | _Not recorded._ |');
    expect(md).toContain('| Affected users | _Not recorded._ |');
    expect(md).toContain('| Duration | ongoing (started 2026-11-25 02:10); measured from when it was declared (start time not recorded) |');
    expect(md).not.toContain('Service URL');
  });

  it('shows times without dates on a single day and no start row when the start is unknown', () => {
    const note: TimelineEntry = {
      ...declared,
      id: '01B',
      seq: 2,
      at: '2026-11-25T02:25:00.000Z',
      phase: 'detect',
      type: 'note.added',
      data: { text: 'p99 at 8 s' },
    };
    const md = renderPostmortem(base(), [note, declared], { generatedAt: '2026-11-25T03:00:00.000Z' });
    const s = sectionOf(md, 'Timeline (UTC)');
    expect(s).toContain('All times on 2026-11-25 (UTC).');
    expect(s.split('\n').filter((l) => /^\| \d\d:\d\d/.test(l))).toEqual([
      '| 02:10 | Declare | incident | Declared: Search is slow |',
      '| 02:25 | Detect | note | Note: p99 at 8 s |',
    ]);
    expect(s).not.toContain('Problem started');
  });

  it('adds the start row with how the time was read, and none when the start is after the declaration', () => {
    const f = { ...base(), startedAt: '2026-11-24T14:05:00.000Z', startedInput: '14:05', startedNote: 'interpreted as yesterday 14:05' };
    const md = renderPostmortem(f, [declared], { generatedAt: '2026-11-25T03:00:00.000Z' });
    expect(md).toContain("| 2026-11-24 14:05 | — | answer | Problem started (reported as '14:05') — interpreted as yesterday 14:05 |");
    expect(md).toContain('| 2026-11-25 02:10 | Declare | incident | Declared: Search is slow |');

    const later = renderPostmortem({ ...base(), startedAt: '2026-11-25T02:12:00.000Z' }, [declared], {
      generatedAt: '2026-11-25T03:00:00.000Z',
    });
    expect(sectionOf(later, 'Timeline (UTC)')).not.toContain('Problem started');
  });

  it('describes a declared severity', () => {
    const md = renderPostmortem({ ...base(), severity: 'SEV-1', severitySource: 'declared' }, [], {
      generatedAt: '2026-11-25T03:00:00.000Z',
    });
    expect(md).toContain('| Severity | SEV-1 (declared when the incident was opened) |');
  });

  it('keeps hostile text inside its table cell and out of the terminal', () => {
    const f = {
      ...base(),
      title: 'Search\nis | slow \u001b[31m',
      postmortem: {
        ...base().postmortem,
        affectedSystems: 'search | index\nand cache',
        actionItems: [{ action: 'a\u0007b', owner: 'x|y', due: '2026-12-01' }],
      },
    };
    const note: TimelineEntry = { ...declared, id: '01C', seq: 2, type: 'note.added', data: { text: 'a | b\nc' } };
    const md = renderPostmortem(f, [note], { generatedAt: '2026-11-25T03:00:00.000Z' });
    expect(md.startsWith('# Post-mortem: Search is | slow\n')).toBe(true);
    expect(md).toContain('| Affected systems | search \\| index<br>and cache |');
    expect(md).toContain('| 1 | ab | _Not recorded._ | x\\|y | 2026-12-01 | _Not recorded._ |');
    expect(md).toContain('| Note: a \\| b c |');
    expect(md).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
  });

  it('masks secrets again before they can reach git', () => {
    // An older log, or a note appended by another terminal, may hold unmasked text.
    const note: TimelineEntry = { ...declared, id: '01E', seq: 2, type: 'note.added', data: { text: 'ran psql with password=hunter2' } };
    const f = { ...base(), fix: 'rotated token ghp_abcdefghijklmnopqrstuvwxyz0123456789' };
    const md = renderPostmortem(f, [declared, note], { generatedAt: '2026-11-25T03:00:00.000Z' });
    expect(md).not.toContain('hunter2');
    expect(md).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(md).toContain('Note: ran psql with password=****');
  });

  it('shows a verification in progress', () => {
    const f = { ...base(), verify: { ticked: ['original-error-gone'], skipReason: null, passedAt: null } };
    const s = sectionOf(renderPostmortem(f, [], { generatedAt: '2026-11-25T03:00:00.000Z' }), 'Verification');
    expect(s).toMatch(/^- \[x\] The original error no longer occurs$/m);
    expect(s.match(/^- \[ \] /gm)).toHaveLength(VERIFY_ITEMS.length - 1);
    expect(s).toContain('Not verified yet.');
  });

  it('notes a containment still in progress', () => {
    const f = {
      ...base(),
      contain: [
        { option: 'scale-up' as const, chosenAt: '2026-11-25T02:20:00.000Z', caution: null, action: null, outcome: null, decidedAt: null },
      ],
    };
    const s = sectionOf(renderPostmortem(f, [], { generatedAt: '2026-11-25T03:00:00.000Z' }), 'Containment');
    expect(s).toContain('1. **Scale up** — chosen 2026-11-25 02:20 UTC. Outcome: not recorded.');
    expect(s).toContain('Not mitigated yet.');
  });

  it('explains a rollback ruled out by a caution', () => {
    const f = {
      ...base(),
      contain: [
        {
          option: 'rollback' as const,
          chosenAt: '2026-11-25T02:20:00.000Z',
          caution: 'migration',
          action: null,
          outcome: null,
          decidedAt: null,
        },
      ],
    };
    const caution: TimelineEntry = {
      ...declared,
      id: '01D',
      seq: 2,
      phase: 'contain',
      type: 'answer',
      data: {
        step: 'contain.rollback-caution',
        question: 'Before rolling back?',
        value: 'migration',
        label: 'The deploy ran a database migration',
      },
    };
    const s = sectionOf(renderPostmortem(f, [caution], { generatedAt: '2026-11-25T03:00:00.000Z' }), 'Containment');
    expect(s).toContain(
      '1. **Roll back the last deploy** — chosen 2026-11-25 02:20 UTC. Not rolled back because: The deploy ran a database migration.',
    );
  });
});

describe('splitItems', () => {
  it.each<[string | null, string[]]>([
    [null, []],
    ['', []],
    ['one thing', ['one thing']],
    ['a; b ;c', ['a', 'b', 'c']],
    ['- a\n- b\n\n* c\n1. d\n2) e', ['a', 'b', 'c', 'd', 'e']],
    ['a\r\nb', ['a', 'b']],
    [' ; ;\n', []],
  ])('%j', (input, expected) => {
    expect(splitItems(input)).toEqual(expected);
  });
});
