// The replay screen: keys step, go back, jump to a phase, pause and resume;
// playing runs to the end with long gaps labelled; the frame stays shorter
// than the terminal.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ReplayApp } from '../../src/ui/replay-app.js';
import { replayPlan, type ReplayPlan } from '../../src/domain/replay-plan.js';
import { waitForFrame, KEY } from '../helpers/frames.js';
import { recordedDrill, type DrillSpec } from '../drills/drill-timeline.js';

const RIGHT = '\u001B[C';
const LEFT = '\u001B[D';
const HOME = '\u001B[H';
const END = '\u001B[F';

let app: ReturnType<typeof render> | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

function planOf(spec: DrillSpec = {}): ReplayPlan {
  return replayPlan('2026-11-25-checkout-drill', recordedDrill(spec).entries);
}

/** Slow enough that nothing advances by itself during a test. */
const STILL = 0.01;

function mount(plan: ReplayPlan, speed = STILL, onQuit: () => void = () => undefined) {
  app = render(<ReplayApp plan={plan} speed={speed} onQuit={onQuit} />);
  return app;
}

const current = (frame: string) => /event (\d+) of (\d+)/.exec(frame)?.slice(1).map(Number) ?? [];

describe('replay screen', () => {
  it('steps forward and back by hand, pausing; Space resumes', async () => {
    const plan = planOf();
    const a = mount(plan);
    let frame = await waitForFrame(a.lastFrame, 'event 1 of');
    expect(frame).toContain('REPLAY · DRILL');
    expect(frame).toContain('Checkout returns 500');
    expect(frame).toContain('▶ playing ×0.01');
    expect(frame).toMatch(/› 02:03:00 +\+0s declare +Declared: Checkout returns 500/);

    a.stdin.write(RIGHT);
    frame = await waitForFrame(a.lastFrame, 'event 2 of');
    expect(frame).toContain('❚❚ paused');
    expect(frame).toMatch(/› 02:03:00 +\+0s detect +Phase: declare → detect/);
    a.stdin.write('n');
    frame = await waitForFrame(a.lastFrame, 'event 3 of');
    // 1m30s after the one before: compressed and labelled.
    expect(frame).toContain('… 1m later …');
    a.stdin.write(LEFT);
    await waitForFrame(a.lastFrame, 'event 2 of');
    a.stdin.write(KEY.space);
    await waitForFrame(a.lastFrame, '▶ playing');
    a.stdin.write(KEY.space);
    await waitForFrame(a.lastFrame, '❚❚ paused');
  });

  it('1–6 jump to where a phase begins; a phase never reached says so; Home and End', async () => {
    const plan = planOf({ resolved: null, postmortemWritten: null });
    const a = mount(plan);
    const first = await waitForFrame(a.lastFrame, 'event 1 of');
    // The whole footer fits in 100 columns, the phase keys last.
    expect(first).toMatch(/q quit · 1-6 jump to detect … post-mortem$/m);
    a.stdin.write('3');
    let frame = await waitForFrame(a.lastFrame, `event ${plan.phaseStarts.contain! + 1} of`);
    expect(frame).toMatch(/› \d\d:\d\d:\d\d +\+\d+m contain +Phase: triage → contain/);
    expect(frame).toContain('SEV-2');
    a.stdin.write('5');
    frame = await waitForFrame(a.lastFrame, 'This incident never reached verify.');
    expect(current(frame)[0]).toBe(plan.phaseStarts.contain! + 1);
    a.stdin.write('2');
    await waitForFrame(a.lastFrame, `event ${plan.phaseStarts.triage! + 1} of`);
    a.stdin.write(END);
    frame = await waitForFrame(a.lastFrame, `event ${plan.events.length} of ${plan.events.length}`);
    expect(frame).toContain('■ end');
    a.stdin.write(HOME);
    frame = await waitForFrame(a.lastFrame, 'event 1 of');
    expect(frame).toContain('SEV-?');
  });

  it('plays to the end by itself, gaps compressed', async () => {
    const plan = planOf();
    const a = mount(plan, 50);
    const frame = await waitForFrame(a.lastFrame, '■ end', 5000);
    expect(current(frame)).toEqual([plan.events.length, plan.events.length]);
    expect(frame).toMatch(/… 15m later …/);
    expect(frame).toMatch(/› .*Incident closed/);
  });

  it('is never taller than the terminal: the list is windowed, and a tiny terminal gets a compact frame', async () => {
    const plan = planOf();
    const a = mount(plan);
    await waitForFrame(a.lastFrame, 'event 1 of');
    for (const rows of [12, 5]) {
      Object.defineProperty(a.stdout, 'rows', { value: rows, configurable: true });
      a.stdout.emit('resize');
      a.stdin.write(END);
      const frame = await waitForFrame(a.lastFrame, (f) => f.includes('■ end') && f.split('\n').length < rows);
      expect(frame.split('\n').length).toBeLessThan(rows);
      expect(frame).toMatch(/› .*Incident closed/);
      a.stdin.write(HOME);
      await waitForFrame(a.lastFrame, (f) => f.includes('Declared: Checkout'));
    }
  });

  it('q quits', async () => {
    let quit = 0;
    const a = mount(planOf(), STILL, () => quit++);
    await waitForFrame(a.lastFrame, 'event 1 of');
    a.stdin.write('q');
    await expect.poll(() => quit).toBe(1);
  });
});
