// The post-mortem's analysis and evidence sections, from facts and entries
// as the machine and the session record them.
import { describe, expect, it } from 'vitest';
import { renderPostmortem } from '../../src/postmortem/render.js';
import { emptyFacts, type IncidentFacts, type ProbeSummary } from '../../src/domain/incident.js';
import type { TimelineEntry } from '../../src/domain/types.js';

const DECLARED = '2026-11-25T02:10:00.000Z';

function facts(): IncidentFacts {
  const f = emptyFacts({ id: 'inc-9', title: 'Checkout returns 500', declaredAt: DECLARED, actor: 'ana@laptop', repo: '/repo' });
  return {
    ...f,
    startedAt: '2026-11-25T02:01:00.000Z',
    rootCause: 'v2.3.1 reads PAYMENT_TIMEOUT, which production does not set',
    hypotheses: [
      {
        text: 'The payments gateway is down',
        source: 'dependency',
        proposedAt: '2026-11-25T02:30:00.000Z',
        evidenceFor: 'timeouts in the logs',
        evidenceAgainst: 'their status page is green',
        test: 'call the gateway from a pod',
        result: 'rejected',
        decidedAt: '2026-11-25T02:34:00.000Z',
      },
      {
        text: 'v2.3.1 needs a config key production lacks',
        source: 'typed',
        proposedAt: '2026-11-25T02:35:00.000Z',
        evidenceFor: 'errors began 2 min after the deploy',
        evidenceAgainst: null,
        test: 'diff the env of prod and staging',
        result: 'confirmed',
        decidedAt: '2026-11-25T02:41:00.000Z',
      },
    ],
    roles: { commander: 'carol', comms: 'bob', scribe: null, ops: 'ana@laptop' },
    roleChanges: [{ at: '2026-11-25T02:50:00.000Z', role: 'commander', who: 'carol', from: 'ana@laptop', summary: 'Phase: resolve' }],
    postmortem: {
      ...f.postmortem,
      trigger: 'the v2.3.1 deploy at 01:59',
      contributing: 'no check of production config in CI; the alert fired after 8 minutes',
      whys: ['the service could not read PAYMENT_TIMEOUT', 'production does not set it', 'nothing compares the keys before deploy'],
      lucky: 'it happened at night, when traffic is lowest',
      actionItems: [
        { action: 'Check required env vars in CI', kind: 'prevent', owner: 'platform team', due: '2026-12-10', priority: 'P1' },
        { action: 'Alert on checkout 5xx above 2%', kind: 'detect', owner: 'sre', due: '2026-12-25', priority: 'P2' },
      ],
    },
    probes: [probe('detect', 500, false), probe('verify', 200, true)],
    culprits: [
      {
        sha: 'a'.repeat(40),
        shortSha: 'aaaaaaa',
        at: '2026-11-25T01:59:00.000Z',
        author: 'dev',
        subject: 'read PAYMENT_TIMEOUT from the environment',
        score: 9,
        reasons: ['deployed 2 min before the start'],
        signals: ['touches config'],
        isMerge: false,
        filesChanged: 2,
      },
    ],
    detection: 'monitoring',
  };
}

function probe(purpose: ProbeSummary['purpose'], status: number, healthy: boolean): ProbeSummary {
  return {
    purpose,
    url: 'https://shop.example.com/health',
    target: 'https://shop.example.com/health',
    at: purpose === 'detect' ? '2026-11-25T02:11:00.000Z' : '2026-11-25T03:01:00.000Z',
    samples: [],
    status,
    healthy,
    findings: healthy ? [] : [`HTTP ${status} from /health`],
    p50Ms: 40,
    p95Ms: 80,
    errorRate: healthy ? 0 : 1,
    tls: null,
    bodyBytes: 10,
  };
}

function entry(type: string, data: Record<string, unknown>, at: string): TimelineEntry {
  return { id: `01${at}`, seq: 1, at, phase: 'postmortem', type, actor: 'ana@laptop', data };
}

function sectionOf(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(-1);
  const rest = md.slice(start + title.length + 5);
  const end = rest.search(/\n## |\n---\n/);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('post-mortem analysis sections', () => {
  const command = entry(
    'runbook.command',
    {
      ran: true,
      argv: ['kubectl', 'get', 'pods'],
      exitCode: 0,
      output: 'web-1 Running\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz123456',
    },
    '2026-11-25T02:20:00.000Z',
  );
  const md = renderPostmortem(facts(), [command], { generatedAt: '2026-11-26T09:00:00.000Z' });

  it('names the trigger and how it was detected', () => {
    expect(sectionOf(md, 'Trigger').trim()).toBe('the v2.3.1 deploy at 01:59');
    const d = sectionOf(md, 'Detection');
    expect(d).toContain('Detected by: Monitoring or an alert.');
    expect(d).toContain('Declared 9m after the problem started.');
    expect(d).toMatch(/First probe at 2026-11-25 02:11 UTC: .*500/);
  });

  it('links the root cause to the confirmed hypothesis and lists every hypothesis tested', () => {
    const s = sectionOf(md, 'Root cause and contributing factors');
    expect(s).toContain('v2.3.1 reads PAYMENT_TIMEOUT, which production does not set');
    expect(s).toContain(
      'Confirmed by testing the hypothesis "v2.3.1 needs a config key production lacks" (diff the env of prod and staging).',
    );
    expect(s).toContain('- no check of production config in CI\n- the alert fired after 8 minutes');
    expect(s).toContain('| Proposed (UTC) | Hypothesis | Evidence for | Evidence against | Test | Result |');
    expect(s).toContain(
      '| 2026-11-25 02:30 | The payments gateway is down | timeouts in the logs | their status page is green | call the gateway from a pod | Rejected (02:34) |',
    );
    expect(s).toContain('| Confirmed (02:41) |');
  });

  it('keeps the five whys as a chain', () => {
    expect(sectionOf(md, 'Five whys').trim()).toBe(
      [
        'Problem: Checkout returns 500',
        '',
        '1. **Why?** the service could not read PAYMENT_TIMEOUT',
        '2. **Why?** production does not set it',
        '3. **Why?** nothing compares the keys before deploy',
      ].join('\n'),
    );
  });

  it('says where we got lucky, and action items with kind and priority', () => {
    expect(sectionOf(md, 'Where we got lucky').trim()).toBe('- it happened at night, when traffic is lowest');
    const a = sectionOf(md, 'Action items');
    expect(a).toContain('| 1 | Check required env vars in CI | Prevent | platform team | 2026-12-10 | P1 |');
    expect(a).toContain('| 2 | Alert on checkout 5xx above 2% | Detect | sre | 2026-12-25 | P2 |');
  });

  it('lists roles and hand-offs in the summary', () => {
    const s = sectionOf(md, 'Summary');
    expect(s).toContain('| Roles | Commander carol · Comms bob · Ops ana@laptop |');
    expect(s).toContain('| Hand-offs | 2026-11-25 02:50 ana@laptop → carol |');
  });

  it('gives the evidence: probes, commits and commands, masked', () => {
    const s = sectionOf(md, 'Supporting evidence');
    expect(s).toMatch(/\| 2026-11-25 02:11 \| detect \| 500 \|/);
    expect(s).toMatch(/\| 2026-11-25 03:01 \| verify \| 200 \|/);
    expect(s).toContain(
      '| `aaaaaaa` | 2026-11-25 01:59 | read PAYMENT_TIMEOUT from the environment | deployed 2 min before the start; touches config |',
    );
    expect(s).toContain('`kubectl get pods` → exit 0');
    expect(s).toContain('        web-1 Running');
    expect(md).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
  });

  it('is a draft until reviewed, then says who reviewed it', () => {
    expect(md).toContain('**Status:** Draft');
    const reviewed = renderPostmortem(facts(), [entry('postmortem.reviewed', { by: 'dana' }, '2026-11-27T10:00:00.000Z')], {
      generatedAt: '2026-11-27T10:00:01.000Z',
    });
    expect(reviewed).toContain('**Status:** Reviewed by dana on 2026-11-27');
    expect(reviewed).not.toContain('Draft');
  });
});

describe('milestones, metrics and the chart', () => {
  it('tabulates the milestones with how each is known, a corrected one included, and the four metrics', () => {
    const f = { ...facts(), mitigatedAt: '2026-11-25T02:40:00.000Z', resolvedAt: '2026-11-25T03:00:00.000Z' };
    const set = entry(
      'milestone.set',
      { milestone: 'detected', at: '2026-11-25T02:05:00.000Z', input: 'detected 02:05' },
      '2026-11-25T03:10:00.000Z',
    );
    const md = renderPostmortem(f, [set], { generatedAt: '2026-11-25T03:20:00.000Z' });
    const s = sectionOf(md, 'Milestones and metrics');
    expect(s).toContain('| Milestone | Time (UTC) | How we know |');
    expect(s).toMatch(/\| Detected \| 2026-11-25 02:05 \|/);
    expect(s).toMatch(/\| Mitigated \| 2026-11-25 02:40 \|/);
    expect(s).toContain('(TTD): 4m');
    expect(s).toContain('(TTR): 59m');
    const chart = sectionOf(md, 'The incident at a glance');
    expect(chart.trim()).toMatch(/^```mermaid\ngantt\n/);
    expect(chart).toContain('dateFormat');
  });
});
