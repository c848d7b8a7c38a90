import { describe, expect, it } from 'vitest';
import { scoreDrill } from '../../src/drills/score.js';
import { drillReportLines, drillReportMarkdown, type DrillReportInput } from '../../src/drills/report.js';
import { FAULT_AT, recordedDrill, type DrillSpec } from './drill-timeline.js';

function input(spec: DrillSpec = {}): DrillReportInput {
  const { facts, entries } = recordedDrill(spec);
  const score = scoreDrill({
    facts,
    entries,
    expected: { severity: 'SEV-2', right: ['revert:1a2b3c4'], acceptable: ['feature-flag'], harmful: ['scale-up'] },
    faultAt: FAULT_AT,
  });
  return {
    score,
    scenario: { id: 'bad-deploy', title: 'Bad deploy | checkout \u001b[31mred' },
    incident: { id: facts.id, title: facts.title },
  };
}

describe('drill report', () => {
  it('Markdown: title, scenario, date, timings with targets, each section, what went well and what to practise', () => {
    const md = drillReportMarkdown(input({ declare: 7, updates: [9] }));
    expect(md.split('\n')[0]).toBe('# Drill report: Bad deploy | checkout red');
    expect(md).toContain('- **Scenario:** `bad-deploy` — Bad deploy | checkout red');
    expect(md).toContain('- **Date:** 2026-11-25 02:00:00 UTC (when the fault began)');
    expect(md).toContain('- **Score:** 95 / 100 — excellent');
    expect(md).toContain('| Milestone | After the fault | Target | Points |');
    expect(md).toContain('| Time to declare | 7m (02:07:00 UTC) | 5m | 5 / 10 |');
    expect(md).toContain('| Time to verified | 25m (02:25:00 UTC) | 45m | 5 / 5 |');
    for (const h of ['## Severity', '## Mitigation', '## Status updates', '## Post-mortem', '## What went well', '## To practise next'])
      expect(md).toContain(h);
    expect(md).toContain('- 02:08:00 UTC: rolling back 1a2b3c4 — right, stopped the impact');
    expect(md).toMatch(/## To practise next\n\n- Declare as soon as a signal looks real/);
    expect(md).not.toContain('\u001b');
  });

  it('a fault already there at the page: measured from the page, and the table says so', () => {
    const { facts, entries } = recordedDrill({ declare: 2 });
    const score = scoreDrill({
      facts,
      entries,
      expected: { severity: 'SEV-2', right: ['revert:1a2b3c4'], acceptable: [], harmful: [] },
      faultAt: FAULT_AT,
      measuredFrom: 'page',
    });
    const md = drillReportMarkdown({ score, incident: { id: facts.id, title: facts.title }, scenario: { id: 'x', title: 'x' } });
    expect(md).toContain('- **Date:** 2026-11-25 02:00:00 UTC (the page; the fault was there before it)');
    expect(md).toContain('Measured from the page: the fault was already there when it came.');
    expect(md).toContain('| Milestone | After the page | Target | Points |');
    expect(md).not.toContain('after the fault');
  });

  it('a milestone that never happened reads as such', () => {
    const { score, incident } = input({ severity: null });
    const md = drillReportMarkdown({ score, incident, scenario: { id: 'x', title: 'x' } });
    expect(md).toContain('| Time to severity | not during the drill | 10m | 0 / 5 |');
  });

  it('screen lines: the headline, good for full marks, warn for the rest, then what to practise', () => {
    const lines = drillReportLines(input({ declare: 7, updates: [9] }));
    expect(lines[0]).toEqual({ text: 'Drill: Bad deploy | checkout red — 95 / 100 (excellent)', tone: 'info' });
    expect(lines[1]).toEqual({ text: '• Time to declare: declared 7m after the fault began (target: 5m) (5/10)', tone: 'warn' });
    expect(lines[2]).toMatchObject({ tone: 'good', text: expect.stringMatching(/^✓ Time to severity/) });
    expect(lines.at(-2)).toEqual({ text: 'To practise next:', tone: 'dim' });
    expect(lines.every((l) => !l.text.includes('\n'))).toBe(true);
  });
});
