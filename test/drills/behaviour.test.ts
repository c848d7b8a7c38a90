// The service's answers as pure functions of the files, flags and memory it sees.
import { describe, expect, it } from 'vitest';
import { conditionHolds, dependencyLatency, leakRate, memoryPressure, planAnswer, type WorldView } from '../../src/drills/behaviour.js';
import type { Rule, ServiceSpec } from '../../src/drills/scenario.js';

const view = (files: Record<string, string>, flags: Record<string, string> = {}): WorldView => ({
  readFile: (p) => files[p] ?? null,
  flag: (n) => flags[n] ?? '',
});
const service: ServiceSpec = {
  name: 's',
  probePath: '/health',
  timeoutMs: 3000,
  tls: false,
  memory: { startMb: 100, limitMb: 1000, restartSeconds: 10 },
  flags: {},
  dependencies: [{ id: 'db', title: 'DB', status: 200, body: 'ok', latencyMs: 10 }],
  routes: [
    { path: '/health', status: 200, body: 'ok', latencyMs: 5, calls: [] },
    { path: '/api', status: 200, body: '{}', latencyMs: 20, calls: ['db'] },
  ],
};
const effect = { status: null, body: null, addLatencyMs: 0, addCalls: [], skipCalls: [], leakMbPerMinute: 0 };
const rule = (r: Partial<Rule> & Pick<Rule, 'when'>): Rule => ({ id: 'r', routes: null, ...r, then: { ...effect, ...r.then } });

describe('conditions', () => {
  it.each([
    [{ kind: 'file-contains', file: 'a', text: 'x' } as const, { a: 'xyz' }, true],
    [{ kind: 'file-contains', file: 'a', text: 'x' } as const, {}, false],
    [{ kind: 'file-lacks', file: 'a', text: 'x' } as const, {}, true],
    [{ kind: 'file-lacks', file: 'a', text: 'x' } as const, { a: 'x' }, false],
    [{ kind: 'file-exists', file: 'a', exists: false } as const, {}, true],
    [{ kind: 'flag-is', flag: 'f', value: 'on' } as const, {}, false],
    [{ kind: 'flag-is-not', flag: 'f', value: 'on' } as const, {}, true],
  ])('%o with files %o: %s', (c, files, holds) => {
    expect(conditionHolds(c, view(files))).toBe(holds);
  });
});

describe('planAnswer', () => {
  it('the route as declared when no rule holds; 404 for an unknown path', () => {
    expect(planAnswer(service, [], '/api', view({}), 100)).toEqual({ status: 200, body: '{}', latencyMs: 20, calls: ['db'] });
    expect(planAnswer(service, [], '/nope', view({}), 100)).toBeNull();
  });

  it('rules that hold change their routes: status, latency, calls added and skipped; a failure calls nothing', () => {
    const rules = [
      rule({
        when: [{ kind: 'flag-is', flag: 'm', value: 'x' }],
        routes: ['/api'],
        then: { ...effect, skipCalls: ['db'], addLatencyMs: 7 },
      }),
      rule({ when: [{ kind: 'file-contains', file: 'f', text: 'bad' }], then: { ...effect, status: 500, body: 'boom' } }),
    ];
    expect(planAnswer(service, rules, '/api', view({}, { m: 'x' }), 100)).toEqual({ status: 200, body: '{}', latencyMs: 27, calls: [] });
    expect(planAnswer(service, rules, '/health', view({ f: 'bad' }), 100)).toEqual({ status: 500, body: 'boom', latencyMs: 5, calls: [] });
  });

  it('memory pressure: slower from 60% of the limit, 503 from 90%', () => {
    expect(memoryPressure(service.memory, 600)).toEqual({ extraLatencyMs: 0, failing: false });
    expect(memoryPressure(service.memory, 750)).toEqual({ extraLatencyMs: 750, failing: false });
    expect(planAnswer(service, [], '/health', view({}), 900)).toMatchObject({ status: 503, latencyMs: 1505 });
  });

  it('leaks add up over the rules that hold', () => {
    const leaky = rule({ when: [{ kind: 'file-exists', file: 'cache.js', exists: true }], then: { ...effect, leakMbPerMinute: 50 } });
    expect(leakRate([leaky, leaky], view({ 'cache.js': '' }))).toBe(100);
    expect(leakRate([leaky], view({}))).toBe(0);
  });
});

it('a dependency latency ramps from the change, up to its cap', () => {
  const state = { status: 200, body: '', latencyMs: 40, latencyMsPerMinute: 600, rampFromSeconds: 30, maxLatencyMs: 1000 };
  expect(dependencyLatency(state, 0)).toBe(40);
  expect(dependencyLatency(state, 90)).toBe(640);
  expect(dependencyLatency(state, 600)).toBe(1000);
});
