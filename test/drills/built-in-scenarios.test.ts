// Every built-in scenario, end to end, with real everything: the temp git
// repository, the service and its dependencies on 127.0.0.1, the project's
// own health probe and rollback. For each: the service really fails once the
// fault is in, a wrong move (reverting an ordinary commit, or what the
// scenario calls harmful) leaves it failing, the right move really heals it,
// and stop() leaves nothing behind. Schedules run 100–400× faster.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/domain/probe.js';
import { loadScenarioFile } from '../../src/drills/load-scenario.js';
import type { Scenario } from '../../src/drills/scenario.js';
import { startDrill, type Drill } from '../../src/drills/drill-world.js';
import { pendingProcessEndHooks } from '../../src/drills/exit-hook.js';
import { findCulprits } from '../../src/git/find-culprits.js';
import { commitRevert, preflight, push, pushPlan, startRevert } from '../../src/git/rollback.js';
import { probeHealth } from '../../src/probes/health-probe.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { formatProblem } from '../../src/runbooks/lint-runbook.js';
import { makeTempDir } from '../helpers/temp.js';

const drillsDir = path.join(builtinRunbooksDir(), 'drills');
const scenarios = new Map<string, Scenario>();
const running: Drill[] = [];
let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  for (const file of fs.readdirSync(drillsDir).filter((f) => f.endsWith('.yaml'))) {
    const { scenario, problems } = loadScenarioFile(path.join(drillsDir, file), 'builtin');
    expect(problems.map(formatProblem)).toEqual([]);
    scenarios.set(scenario!.id, scenario!);
  }
  tmp = makeTempDir('incident-drills-');
  return () => tmp.cleanup();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

async function start(id: string, speed: number): Promise<Drill> {
  const drill = await startDrill(scenarios.get(id)!, { baseDir: tmp.dir, speed });
  running.push(drill);
  return drill;
}

/** One sample, a short deadline, the drill's CA trusted: what a responder's `incident health` would say. */
function probe(drill: Drill, url = drill.url, timeoutMs = 1000): Promise<ProbeResult> {
  return probeHealth(url, { samples: 1, timeoutMs, healthPath: null, ca: drill.ca ?? undefined });
}

async function until(what: string, check: () => Promise<boolean>, ms = 5000, everyMs = 25): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting until ${what}`);
}
const failing = (drill: Drill, timeoutMs?: number) =>
  until('the probe fails', async () => !(await probe(drill, drill.url, timeoutMs)).healthy);

const git = (drill: Drill, args: string[]): string =>
  execFileSync('git', args, { cwd: drill.repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const commitNamed = (drill: Drill, subject: string): string => drill.commits.find((c) => c.subject === subject)!.sha;
const revert = (drill: Drill, sha: string): string => git(drill, ['revert', '--no-edit', sha]);

/** Nothing left: no folder, nothing listening on its ports, no timer of its own. */
async function expectGone(drill: Drill, ports: number[]): Promise<void> {
  expect(fs.existsSync(drill.dir)).toBe(false);
  for (const port of ports) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused, `port ${port}`).toBe(true);
  }
}
const portsOf = (drill: Drill): number[] => [drill.origin, ...drill.dependencies.map((d) => d.url)].map((u) => Number(new URL(u).port));

describe('bad-deploy-500', () => {
  it('answers 500 everywhere; the rollback of the real tool heals it, reverting an ordinary commit does not', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const listenersBefore = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e));
    const drill = await start('bad-deploy-500', 100);
    expect(pendingProcessEndHooks()).toBe(1);
    expect(drill.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
    expect((fs.statSync(drill.dir).mode & 0o777).toString(8)).toBe('700');
    expect(drill.commits).toHaveLength(10);
    expect(drill.culprit?.subject).toBe('Format prices with Intl.NumberFormat per locale');
    const broken = await probe(drill);
    expect(broken).toMatchObject({ healthy: false, status: 500 });

    // diagnose would point at it: the culprit is among the top three of the real ranking.
    const ranked = await findCulprits(drill.repoDir, drill.startedAt, 48);
    expect(ranked.ranked.slice(0, 3).map((c) => c.sha)).toContain(drill.culprit!.sha);

    revert(drill, commitNamed(drill, 'Add alt text to product images'));
    expect(await probe(drill)).toMatchObject({ healthy: false, status: 500 });

    // The guided mode's rollback, step by step, then the push it offers.
    const sha = drill.culprit!.sha;
    expect((await preflight(drill.repoDir, sha)).problems).toEqual([]);
    expect(await startRevert(drill.repoDir, sha)).toMatchObject({ ok: true, files: ['src/middleware/currency.js'] });
    expect(await commitRevert(drill.repoDir, { sha, subject: drill.culprit!.subject, incidentId: 'drill' })).toMatchObject({ ok: true });
    expect(await probe(drill)).toMatchObject({ healthy: true, status: 200 });
    const plan = await pushPlan(drill.repoDir);
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(await push(drill.repoDir, plan)).toMatchObject({ ok: true });

    const ports = portsOf(drill);
    const dir = drill.dir;
    await drill.stop();
    await drill.stop();
    await expectGone(drill, ports);
    expect(fs.existsSync(dir)).toBe(false);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
    expect(pendingProcessEndHooks()).toBe(0);
    expect(['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e))).toEqual(listenersBefore);
  });
});

describe('missing-env-var', () => {
  it('/health stays green while checkout fails; reverting the rename heals it, reverting the /health change does not', async () => {
    const drill = await start('missing-env-var', 100);
    expect(await probe(drill, `${drill.origin}/health`)).toMatchObject({ healthy: true, status: 200 });
    const broken = await probe(drill);
    expect(broken).toMatchObject({ healthy: false, status: 500 });
    const body = await (await fetch(drill.url)).text();
    expect(body).toContain('PAYMENTS_API_KEY is not set');

    revert(drill, commitNamed(drill, 'Return the build version from /health'));
    expect(await probe(drill)).toMatchObject({ healthy: false, status: 500 });
    revert(drill, drill.culprit!.sha);
    expect(await probe(drill)).toMatchObject({ healthy: true, status: 200 });
  });

  it('the forward fix heals it too: the variable added to deploy/production.env', async () => {
    const drill = await start('missing-env-var', 100);
    expect((await probe(drill)).healthy).toBe(false);
    fs.appendFileSync(path.join(drill.repoDir, 'deploy/production.env'), 'PAYMENTS_API_KEY=secret://checkout/payments-api-key\n');
    expect(await probe(drill)).toMatchObject({ healthy: true, status: 200 });
  });
});

describe('slow-dependency', () => {
  it('latency climbs until the probe gives up; turning the flag off or reverting the culprit heals it, an ordinary revert does not', async () => {
    const [a, b] = await Promise.all([start('slow-dependency', 200), start('slow-dependency', 200)]);
    const fresh = await probe(a);
    expect(fresh.healthy).toBe(true);
    // A responder's probe with a 400 ms deadline: past it, "no answer".
    await Promise.all([failing(a, 400), failing(b, 400)]);
    expect(a.snapshot().dependencies[0]!.latencyMs).toBeGreaterThan(400);

    revert(a, commitNamed(a, 'Translate product page strings (de, fr)'));
    expect((await probe(a, a.url, 400)).healthy).toBe(false);
    revert(a, a.culprit!.sha);
    const healed = await probe(a);
    expect(healed).toMatchObject({ healthy: true, status: 200 });
    expect(healed.p95Ms).toBeLessThan(500);

    b.act('disable-bundles');
    expect(await probe(b)).toMatchObject({ healthy: true, status: 200 });
    expect(b.events().map((e) => e.kind)).toEqual(['fault', 'action']);
    // The slow dependency is still slow: the responder can see it for themselves.
    expect((await probe(b, b.dependencies[0]!.url, 400)).healthy).toBe(false);
  });
});

describe('expired-certificate', () => {
  it('the certificate expires on schedule; a renewal heals it, a rollback does not', async () => {
    const drill = await start('expired-certificate', 100);
    expect(drill.url).toMatch(/^https:/);
    expect(drill.ca).toContain('BEGIN CERTIFICATE');
    await failing(drill);
    const expired = await probe(drill);
    expect(expired.status).toBe(200);
    expect(expired.tls?.error).toMatch(/expired/);

    // "Roll back the last deploy": the newest commit.
    revert(drill, drill.commits.at(-1)!.sha);
    expect((await probe(drill)).healthy).toBe(false);
    drill.act('renew-certificate');
    const renewed = await probe(drill);
    expect(renewed).toMatchObject({ healthy: true, status: 200 });
    expect(renewed.tls?.daysLeft).toBeGreaterThanOrEqual(89);
  });
});

describe('a fault whose timer a busy machine has not run yet', () => {
  it('happened before an action taken now: a renewal is not undone by the late expiry', async () => {
    const drill = await start('expired-certificate', 100);
    const fault = drill.scenario.faults[0]!;
    // Hold the event loop past the fault's time, so its timer cannot have run when the action comes.
    while (drill.drillSeconds() < fault.atSeconds + 1) {
      // busy on purpose
    }
    drill.act('renew-certificate');
    expect(drill.events().map((e) => e.kind)).toEqual(['fault', 'action']);
    expect(drill.events()[0]!.drillSeconds).toBe(fault.atSeconds);
    await new Promise((r) => setTimeout(r, 100)); // the late timer runs now, and must do nothing
    expect(drill.snapshot().certificate).toBe('valid');
    expect(drill.events()).toHaveLength(2);
    expect(await probe(drill)).toMatchObject({ healthy: true, status: 200 });
  });
});

describe('a dependency fault applied late', () => {
  it('ramps from when it was due, not from when the busy machine got to it', async () => {
    const drill = await start('slow-dependency', 100);
    const fault = drill.scenario.faults[0]!;
    const base = drill.snapshot().dependencies[0]!.latencyMs;
    // Hold the event loop 60 drill seconds past the fault: its timer cannot have run.
    while (drill.drillSeconds() < fault.atSeconds + 60) {
      // busy on purpose
    }
    drill.act('disable-bundles'); // an action catches the schedule up first
    const at = drill.drillSeconds();
    const latency = drill.snapshot().dependencies[0]!.latencyMs;
    // 900 ms per minute from the fault's time: about 900 ms more already, not ~0.
    const expected = base + (900 * (at - fault.atSeconds)) / 60;
    expect(latency).toBeGreaterThan(base + 800);
    expect(Math.abs(latency - expected)).toBeLessThan(100);
  });
});

describe('memory-leak', () => {
  it('slows, fails, crashes and comes back in a loop; a restart only buys time, the revert ends it', async () => {
    const drill = await start('memory-leak', 400);
    await failing(drill);
    await until('it crashes', async () => drill.events().some((e) => e.kind === 'crash'));
    // Down for 25 drill seconds (about 60 ms here): watch for it closely, then probe while it lasts.
    await until(
      'it is refused',
      async () => drill.snapshot().down && (await probe(drill)).findings.some((f) => /refused/.test(f)),
      5000,
      2,
    );
    await until('it is restarted', async () => drill.events().some((e) => e.kind === 'restart'));

    revert(drill, commitNamed(drill, 'Bump pdfkit from 0.14.0 to 0.15.1'));
    drill.act('restart-pods');
    expect((await probe(drill)).healthy).toBe(true);
    await failing(drill);

    revert(drill, drill.culprit!.sha);
    await until(
      'the revert is deployed',
      async () => drill.events().at(-1)?.kind === 'deploy' || drill.events().at(-1)?.kind === 'restart',
    );
    await until('it is healthy', async () => (await probe(drill)).healthy);
    const memory = drill.snapshot().memoryMb;
    // Five more drill minutes, when the leak would have crashed it within three: no leak, no crash.
    await new Promise((r) => setTimeout(r, 750));
    expect(drill.snapshot().memoryMb).toBe(memory);
    expect(await probe(drill)).toMatchObject({ healthy: true, status: 200 });
  });
});

describe('third-party-outage', () => {
  it('checkout answers 502 while the provider answers 503; a rollback does not help, charging later or failing over does', async () => {
    const [a, b] = await Promise.all([start('third-party-outage', 100), start('third-party-outage', 100)]);
    expect(a.culprit).toBeNull();
    await Promise.all([failing(a), failing(b)]);
    expect(await probe(a)).toMatchObject({ healthy: false, status: 502 });
    const provider = a.dependencies.find((d) => d.id === 'payments')!;
    expect(await probe(a, provider.url)).toMatchObject({ healthy: false, status: 503 });
    expect(await probe(a, `${a.origin}/api/cart`)).toMatchObject({ healthy: true });

    // The deploy 40 minutes ago is a red herring.
    revert(a, commitNamed(a, "Log the provider's request id when a charge fails"));
    expect(await probe(a)).toMatchObject({ healthy: false, status: 502 });
    a.act('charge-later');
    expect(await probe(a)).toMatchObject({ healthy: true, status: 202 });

    b.act('fail-over-payments');
    expect(await probe(b)).toMatchObject({ healthy: true, status: 200 });
  });

  it('the outage ends by itself on schedule', async () => {
    const drill = await start('third-party-outage', 2000);
    await failing(drill);
    await until('the provider recovers', async () => (await probe(drill)).healthy);
    expect(drill.events().map((e) => e.kind)).toEqual(['fault', 'fault']);
  });
});
