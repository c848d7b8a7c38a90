// A running drill: a private temp folder with the scenario's git repository,
// the service on 127.0.0.1 answering from that repository's working tree on
// every request (behaviour.ts), its dependencies as real local servers, and
// the fault schedule on timers. The responder uses the real tool against it:
// a `git revert` of the culprit heals the service because the next request
// reads the reverted files.
//
// Time: the schedule, leaks and latency ramps run on drill time, `speed`
// times faster than the clock (tests use 100). Latencies themselves are real
// milliseconds: that is what a probe measures. Commit dates come from `now`;
// certificate dates from the real clock, which the TLS handshake checks them
// against.
//
// A change of any file the rules read counts as a deploy: the process
// restarts with it (its leaked memory is gone, a crashed one is up again).
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  dependencyLatency,
  describeChange,
  filesRead,
  leakRate,
  planAnswer,
  upstreamFailure,
  type DependencyState,
  type WorldView,
} from './behaviour.js';
import { drillCertificates } from './certificates.js';
import { createDrillRepo, type DrillCommit } from './drill-repo.js';
import { DependencyCalls, TrackedServer, Waits } from './drill-servers.js';
import { onProcessEnd } from './exit-hook.js';
import type { Drill, DrillEvent, DrillOptions, DrillSnapshot } from './drill.js';
import type { Scenario, WorldChange } from './scenario.js';

export type { Drill, DrillCommit, DrillEvent, DrillOptions, DrillSnapshot };

export async function startDrill(scenario: Scenario, opts: DrillOptions = {}): Promise<Drill> {
  const now = opts.now ?? (() => new Date());
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  const dir = mkdtempSync(join(opts.baseDir ?? os.tmpdir(), `incident-drill-${scenario.id}-`));
  chmodSync(dir, 0o700);
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  const releaseHook = opts.exitHook === false ? () => undefined : onProcessEnd(removeDir);

  const { service, rules } = scenario;
  const started = performance.now();
  const drillSeconds = (): number => ((performance.now() - started) / 1000) * speed;
  const realMs = (seconds: number): number => (seconds * 1000) / speed;
  const waits = new Waits();
  const calls = new DependencyCalls();
  const log: DrillEvent[] = [];
  const record = (kind: DrillEvent['kind'], text: string, at = drillSeconds()): void => void log.push({ drillSeconds: round1(at), kind, text });
  let tick: NodeJS.Timeout | null = null;
  let stopping: Promise<void> | null = null;
  const servers: TrackedServer[] = [];

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (tick) clearInterval(tick);
      waits.cancelAll();
      calls.abortAll();
      await Promise.all(servers.map((s) => s.close()));
      removeDir();
      releaseHook();
    })();
    return stopping;
  };

  try {
    const startedAt = now();
    const { repoDir, commits } = await createDrillRepo(dir, service.name, scenario.history, startedAt);

    // The world outside git.
    const flags = new Map(Object.entries(service.flags));
    const deps = new Map<string, DependencyState & { title: string; server: TrackedServer }>();
    let memoryMb = service.memory.startMb;
    let down = false;
    let downUntil = 0;
    const view: WorldView = {
      readFile: (path) => {
        try {
          return readFileSync(join(repoDir, path), 'utf8');
        } catch {
          return null;
        }
      },
      flag: (name) => flags.get(name) ?? '',
    };
    const watched = filesRead(rules);
    const fingerprint = (): string => {
      const hash = createHash('sha1');
      for (const file of watched) hash.update(`${file}\0${view.readFile(file) ?? '\u0001missing'}\0`);
      return hash.digest('hex');
    };

    // Dependencies: real servers, so the responder can probe them too.
    for (const spec of service.dependencies) {
      const server = new TrackedServer(
        http.createServer((req, res) => {
          const state = deps.get(spec.id)!;
          void waits.wait(dependencyLatency(state, drillSeconds()), res).then((finished) => {
            if (finished) send(res, state.status, state.body);
          });
        }),
      );
      servers.push(server);
      await server.listen();
      deps.set(spec.id, { ...spec, latencyMsPerMinute: 0, rampFromSeconds: 0, maxLatencyMs: null, server });
    }

    // Certificates: the first one runs out when the schedule says the certificate expires.
    const expiresAt = scenario.faults.find((f) => f.change.kind === 'certificate' && f.change.certificate === 'expired')?.atSeconds ?? null;
    const certs = service.tls ? drillCertificates(scenario.id, expiresAt === null ? null : realMs(expiresAt)) : null;
    let certificate: 'valid' | 'expired' | null = certs ? 'valid' : null;

    const handler: http.RequestListener = (req, res) => {
      const path = new URL(req.url ?? '/', 'http://drill').pathname;
      const plan = planAnswer(service, rules, path, view, memoryMb);
      if (!plan) return send(res, 404, 'not found');
      void (async () => {
        if (!(await waits.wait(plan.latencyMs, res))) return;
        const deadline = performance.now() + service.timeoutMs;
        for (const id of plan.calls) {
          const dep = deps.get(id)!;
          const left = Math.max(1, Math.round(deadline - performance.now()));
          const outcome = await calls.call(dep.server.port, left, waits);
          if ('ok' in outcome && outcome.ok) continue;
          if (res.destroyed) return;
          const failure = upstreamFailure(
            dep.title,
            'timedOutAfterMs' in outcome
              ? { timedOutAfterMs: service.timeoutMs }
              : 'error' in outcome
                ? outcome
                : { status: outcome.status },
          );
          return send(res, failure.status, failure.body);
        }
        send(res, plan.status, plan.body);
      })();
    };
    const main = new TrackedServer(certs ? https.createServer({ ...certs.initial }, handler) : http.createServer(handler));
    servers.push(main);

    const setCertificate = (which: 'valid' | 'expired'): void => {
      if (!certs) return;
      (main.server as https.Server).setSecureContext(which === 'expired' ? certs.expired : certs.renew());
      certificate = which;
    };
    const bringUp = async (): Promise<void> => {
      try {
        await main.listen();
        down = false;
        memoryMb = service.memory.startMb;
        record('restart', `${service.name} is up again`);
      } catch {
        // The port is taken for a moment: the next tick tries again.
      }
    };
    /** `t`: the drill time it happens at — a fault applied late still starts its ramp when it was due. */
    const apply = (change: WorldChange, t = drillSeconds()): void => {
      switch (change.kind) {
        case 'dependency': {
          const dep = deps.get(change.dependency)!;
          if (change.status !== null) dep.status = change.status;
          if (change.body !== null) dep.body = change.body;
          // A ramp starts from where the latency is now.
          dep.latencyMs = change.latencyMs ?? dependencyLatency(dep, t);
          dep.latencyMsPerMinute = change.latencyMsPerMinute;
          dep.rampFromSeconds = t;
          dep.maxLatencyMs = change.maxLatencyMs;
          return;
        }
        case 'certificate':
          return setCertificate(change.certificate);
        case 'flags':
          for (const [k, v] of Object.entries(change.set)) flags.set(k, v);
          return;
        case 'restart':
          memoryMb = service.memory.startMb;
          if (down) void bringUp();
          return;
      }
    };
    const describe = (change: WorldChange): string => describeChange(change, service.name, (id) => deps.get(id)!.title);

    for (const fault of scenario.faults.filter((f) => f.atSeconds === 0)) {
      apply(fault.change);
      record('fault', fault.note ?? describe(fault.change));
    }
    await main.listen();
    const scheduled = new Set(scenario.faults.filter((f) => f.atSeconds > 0));
    const fire = (fault: (typeof scenario.faults)[number]): void => {
      if (!scheduled.delete(fault)) return;
      apply(fault.change, fault.atSeconds);
      // When it was due, not when a busy machine got round to it.
      record('fault', fault.note ?? describe(fault.change), fault.atSeconds);
    };
    for (const fault of scheduled) waits.after(realMs(fault.atSeconds), (due) => due && fire(fault));
    // A fault whose time has come happened before anything done now, even if a
    // busy machine has not run its timer yet: else a late timer would undo a
    // fix made after it (re-expire a renewed certificate).
    const catchUp = (): void => {
      for (const fault of [...scheduled].sort((a, b) => a.atSeconds - b.atSeconds)) if (fault.atSeconds <= drillSeconds()) fire(fault);
    };

    // The process: leaks, crashes, restarts, and deploys seen in the working tree.
    let lastFingerprint = fingerprint();
    let last = 0;
    tick = setInterval(
      () => {
        const t = drillSeconds();
        const dt = t - last;
        last = t;
        const print = fingerprint();
        if (print !== lastFingerprint) {
          lastFingerprint = print;
          memoryMb = service.memory.startMb;
          record('deploy', 'the working tree changed: the service restarted with it');
          if (down) return void bringUp();
        }
        if (down) {
          if (t >= downUntil) void bringUp();
          return;
        }
        memoryMb += (leakRate(rules, view) * dt) / 60;
        if (memoryMb >= service.memory.limitMb) {
          down = true;
          downUntil = t + service.memory.restartSeconds;
          record('crash', `${service.name} ran out of memory (${Math.round(memoryMb)} MB of ${service.memory.limitMb} MB) and crashed`);
          void main.close();
        }
      },
      Math.min(250, Math.max(20, 1000 / speed)),
    );

    const origin = `${certs ? 'https' : 'http'}://127.0.0.1:${main.port}`;
    return {
      scenario,
      dir,
      repoDir,
      url: `${origin}${service.probePath}`,
      origin,
      ca: certs?.ca ?? null,
      dependencies: service.dependencies.map((d) => ({ id: d.id, title: d.title, url: `http://127.0.0.1:${deps.get(d.id)!.server.port}` })),
      commits,
      culprit: commits.find((c) => c.culprit) ?? null,
      startedAt,
      speed,
      drillSeconds,
      act: (id) => {
        const action = scenario.actions.find((a) => a.id === id);
        if (!action) throw new Error(`no action "${id}" in drill ${scenario.id}`);
        if (stopping) throw new Error(`drill ${scenario.id} has stopped`);
        catchUp();
        apply(action.change);
        record('action', action.title);
      },
      snapshot: () => ({
        drillSeconds: drillSeconds(),
        memoryMb: Math.round(memoryMb),
        down,
        certificate,
        flags: Object.fromEntries(flags),
        dependencies: [...deps.entries()].map(([id, d]) => ({ id, status: d.status, latencyMs: dependencyLatency(d, drillSeconds()) })),
      }),
      events: () => [...log],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function send(res: http.ServerResponse, status: number, body: string): void {
  if (res.destroyed || res.headersSent) return;
  const type = /^\s*[[{]/.test(body) ? 'application/json' : 'text/plain; charset=utf-8';
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
