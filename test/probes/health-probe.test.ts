// The probe against real servers on 127.0.0.1: no mocks. Deadlines are short
// (1 s) to keep the suite quick; the overshoot is measured and printed, and
// asserted only with a generous bound so a loaded machine does not fail it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { probeHealth } from '../../src/probes/health-probe.js';
import {
  HUGE_BYTES,
  closedPort,
  makeCertificates,
  newStats,
  router,
  startHttp,
  startHttps,
  startSilent,
  startSlowHeaders,
  type RouterStats,
  type TestCertificates,
  type TestServer,
} from '../helpers/servers.js';

const TIMEOUT = 1000;
/** Generous: the aim is ~100 ms; this only catches "the deadline was not kept at all". */
const SLACK = 1000;

let stats: RouterStats;
let web: TestServer;
let certs: TestCertificates;
const servers: TestServer[] = [];

beforeAll(async () => {
  stats = newStats();
  web = await startHttp(router(stats));
  certs = makeCertificates();
});
afterAll(async () => {
  await web.close();
  await Promise.all(servers.map((s) => s.close()));
  certs.cleanup();
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

/** Active handles of the kinds a probe could leak, counted by type. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (['TCPSocketWrap', 'TLSWrap', 'Timeout', 'GetAddrInfoReqWrap', 'TCPWRAP'].includes(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

describe('probeHealth over HTTP', () => {
  it('a healthy endpoint: 200, p50/p95 from every sample, fresh connection each time', async () => {
    const before = web.accepted();
    const result = await probeHealth(`${web.origin}/health`, { samples: 5, timeoutMs: TIMEOUT });
    expect(result).toMatchObject({ healthy: true, status: 200, errorRate: 0, findings: [], tls: null, target: `${web.origin}/health` });
    expect(result.samples).toHaveLength(5);
    expect(result.samples.every((s) => s.ok && s.latencyMs !== null && s.latencyMs >= 0)).toBe(true);
    expect(result.p50Ms).not.toBeNull();
    expect(result.p95Ms!).toBeGreaterThanOrEqual(result.p50Ms!);
    expect(result.bodyBytes).toBe(2);
    expect(web.accepted() - before).toBe(5);
    expect(await web.drained()).toBe(0);
  });

  it('a 500 is an answer, and unhealthy', async () => {
    const result = await probeHealth(`${web.origin}/status/500`, { timeoutMs: TIMEOUT });
    expect(result.healthy).toBe(false);
    expect(result.status).toBe(500);
    expect(result.errorRate).toBe(1);
    expect(result.samples).toHaveLength(3);
    expect(result.findings).toEqual(['HTTP 500 from /status/500']);
  });

  it('a bare origin is probed at /health; with no /health (404) it falls back to /', async () => {
    const result = await probeHealth(web.origin, { samples: 1, timeoutMs: TIMEOUT });
    expect(result.target).toBe(`${web.origin}/health`);
    expect(result.healthy).toBe(true);

    const only = await startHttp((req, res) => res.writeHead(req.url === '/' ? 200 : 404).end());
    servers.push(only);
    const fallback = await probeHealth(`${only.origin}/`, { samples: 2, timeoutMs: TIMEOUT });
    expect(fallback.target).toBe(`${only.origin}/`);
    expect(fallback).toMatchObject({ healthy: true, status: 200 });
    expect(fallback.samples).toHaveLength(2);

    const exact = await probeHealth(`${web.origin}/`, { samples: 1, timeoutMs: TIMEOUT, healthPath: null });
    expect(exact).toMatchObject({ status: 404, healthy: false, findings: ['HTTP 404 from /'] });
    const configured = await probeHealth(web.origin, { samples: 1, timeoutMs: TIMEOUT, healthPath: 'status/503' });
    expect(configured).toMatchObject({ target: `${web.origin}/status/503`, status: 503 });
  });

  it('an answer slower than usual but inside the deadline is healthy, with its latency', async () => {
    const result = await probeHealth(`${web.origin}/slow/300`, { samples: 1, timeoutMs: TIMEOUT });
    expect(result.healthy).toBe(true);
    expect(result.p50Ms!).toBeGreaterThanOrEqual(290);
  });

  it('follows up to 3 redirects and records them', async () => {
    const result = await probeHealth(`${web.origin}/redirect/3`, { samples: 1, timeoutMs: TIMEOUT });
    expect(result).toMatchObject({ healthy: true, status: 200 });
    expect(result.samples[0]!.redirects).toEqual([1, 2, 0].map((_, i) => `${web.origin}/redirect/${2 - i}`));
    expect(result.samples[0]!.finalUrl).toBe(`${web.origin}/redirect/0`);

    const tooMany = await probeHealth(`${web.origin}/redirect/4`, { samples: 1, timeoutMs: TIMEOUT });
    expect(tooMany.healthy).toBe(false);
    expect(tooMany.findings).toEqual(['too many redirects (more than 3)']);
  });

  it('a redirect loop is a finding, not a hang', async () => {
    const { value: result, ms } = await timed(() => probeHealth(`${web.origin}/loop/a`, { timeoutMs: TIMEOUT }));
    expect(result.healthy).toBe(false);
    expect(result.status).toBe(301);
    expect(result.findings).toEqual(['redirect loop']);
    expect(ms).toBeLessThan(TIMEOUT);
  });

  it('a redirect to a login page is unhealthy and not followed', async () => {
    stats.paths.length = 0;
    const result = await probeHealth(`${web.origin}/private`, { samples: 1, timeoutMs: TIMEOUT });
    expect(result.healthy).toBe(false);
    expect(result.status).toBe(302);
    expect(result.findings).toEqual(['redirect to a login page (/login) — unhealthy']);
    expect(stats.paths).toEqual(['/private']);
  });

  it('a 200 MiB body is read up to the cap and the rest is never transferred', async () => {
    const rss0 = process.memoryUsage().rss;
    const { value: result, ms } = await timed(() => probeHealth(`${web.origin}/huge`, { samples: 2, timeoutMs: TIMEOUT }));
    expect(result).toMatchObject({ healthy: true, status: 200, bodyBytes: 64 * 1024 });
    expect(ms).toBeLessThan(TIMEOUT);
    await web.drained();
    // Socket buffers let a few MiB through before back-pressure stops the server; never the 200 MiB.
    expect(stats.hugeBytesSent).toBeLessThan(HUGE_BYTES / 10);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(100 * 1024 * 1024);
  });

  it('URL credentials are sent as Basic auth and masked in the result', async () => {
    const url = `http://ana:s3cret-pw@127.0.0.1:${web.port}/basic`;
    const result = await probeHealth(url, { samples: 1, timeoutMs: TIMEOUT });
    expect(result).toMatchObject({ healthy: true, status: 200 });
    expect(stats.authorizations.at(-1)).toBe(`Basic ${Buffer.from('ana:s3cret-pw').toString('base64')}`);
    expect(JSON.stringify(result)).not.toContain('s3cret');
    expect(result.url).toBe(`http://ana:****@127.0.0.1:${web.port}/basic`);
    expect(result.target).toBe(`http://ana:****@127.0.0.1:${web.port}/basic`);
  });

  it('credentials are not carried to another origin by a redirect', async () => {
    const otherStats = newStats();
    const other = await startHttp(router(otherStats));
    servers.push(other);
    const url = `http://ana:s3cret-pw@127.0.0.1:${web.port}/elsewhere?port=${other.port}`;
    const result = await probeHealth(url, { samples: 1, timeoutMs: TIMEOUT });
    expect(otherStats.authorizations).toEqual([undefined]);
    expect(result).toMatchObject({ status: 401, healthy: false, findings: ['HTTP 401 from /basic'] });
  });

  it('a token in the query is masked in the result', async () => {
    const result = await probeHealth(`${web.origin}/health?token=abc123secret`, { samples: 1, timeoutMs: TIMEOUT });
    expect(JSON.stringify(result)).not.toContain('abc123secret');
  });
});

describe('probeHealth when the service does not answer', () => {
  it('accepts and never answers: one finding at the deadline, one sample, connection closed, nothing left open', async () => {
    const silent = await startSilent();
    servers.push(silent);
    const before = handles();
    const { value: result, ms } = await timed(() => probeHealth(`${silent.origin}/health`, { samples: 3, timeoutMs: TIMEOUT }));
    console.log(
      `[probe] accept-and-never-answer: deadline ${TIMEOUT} ms, returned after ${ms.toFixed(1)} ms (overshoot ${(ms - TIMEOUT).toFixed(1)} ms)`,
    );
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT - 5);
    expect(ms).toBeLessThan(TIMEOUT + SLACK);
    expect(result).toMatchObject({ healthy: false, status: null, errorRate: 1, findings: ['no answer within 1.0 s (headers)'] });
    expect(result.samples).toHaveLength(1);
    expect(await silent.drained()).toBe(0);
    // No socket, timer or lookup of the probe's is left (others may have finished meanwhile).
    const after = handles();
    for (const [kind, n] of Object.entries(after)) expect(n, kind).toBeLessThanOrEqual(before[kind] ?? 0);
  });

  it('headers that never finish: a finding at the deadline', async () => {
    const slow = await startSlowHeaders(50);
    servers.push(slow);
    const { value: result, ms } = await timed(() => probeHealth(`${slow.origin}/health`, { timeoutMs: TIMEOUT }));
    console.log(`[probe] never-finishing headers: returned after ${ms.toFixed(1)} ms (overshoot ${(ms - TIMEOUT).toFixed(1)} ms)`);
    expect(ms).toBeLessThan(TIMEOUT + SLACK);
    expect(result.findings).toEqual(['no answer within 1.0 s (headers)']);
    expect(await slow.drained()).toBe(0);
  });

  it('an answer slower than the deadline is cut off in time', async () => {
    const { value: result, ms } = await timed(() => probeHealth(`${web.origin}/slow/5000`, { timeoutMs: 500 }));
    expect(ms).toBeLessThan(500 + SLACK);
    expect(result.findings).toEqual(['no answer within 0.5 s (headers)']);
  });

  it('a body that stops halfway: the status is kept, the sample failed', async () => {
    const { value: result, ms } = await timed(() => probeHealth(`${web.origin}/stall`, { samples: 2, timeoutMs: 500 }));
    expect(ms).toBeLessThan(500 + SLACK);
    expect(result).toMatchObject({ healthy: false, status: 200, errorRate: 1, findings: ['no answer within 0.5 s (body)'] });
    expect(result.samples).toHaveLength(1);
  });

  it('a refused connection is a fast finding', async () => {
    const port = await closedPort();
    const { value: result, ms } = await timed(() => probeHealth(`http://127.0.0.1:${port}/health`, { timeoutMs: TIMEOUT }));
    expect(result).toMatchObject({ healthy: false, status: null, errorRate: 1 });
    expect(result.findings).toEqual([`connection refused (127.0.0.1:${port})`]);
    expect(result.samples).toHaveLength(3);
    expect(ms).toBeLessThan(TIMEOUT);
  });

  it('a host that does not exist fails fast, offline too (.invalid never resolves)', async () => {
    const { value: result, ms } = await timed(() => probeHealth('https://nonexistent.invalid/', { timeoutMs: TIMEOUT }));
    expect(result).toMatchObject({ healthy: false, status: null });
    expect(result.findings).toEqual(['DNS: host not found (nonexistent.invalid)']);
    expect(ms).toBeLessThan(200);
  });

  it('a caller that aborts gets a prompt answer', async () => {
    const silent = await startSilent();
    servers.push(silent);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { value: result, ms } = await timed(() => probeHealth(`${silent.origin}/health`, { timeoutMs: 5000, signal: controller.signal }));
    expect(ms).toBeLessThan(1000);
    expect(result.findings).toEqual(['probe cancelled']);
    expect(result.samples).toHaveLength(1);
  });
});

describe('probeHealth over HTTPS', () => {
  it('a certificate from a trusted CA: healthy, days left, issuer', async () => {
    const server = await startHttps(router(newStats()), certs.valid);
    servers.push(server);
    const result = await probeHealth(`${server.origin}/health`, { samples: 2, timeoutMs: TIMEOUT, ca: certs.ca });
    expect(result.healthy).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.tls).toMatchObject({
      authorized: true,
      selfSigned: false,
      error: null,
      daysLeft: 89,
      issuer: 'CN=incident test CA',
      subject: 'CN=127.0.0.1',
    });
    expect(Date.parse(result.tls!.validTo!)).toBeGreaterThan(Date.now());
  });

  it('a self-signed certificate: status still measured, unhealthy with a finding', async () => {
    const server = await startHttps(router(newStats()), certs.selfSigned);
    servers.push(server);
    const result = await probeHealth(`${server.origin}/health`, { samples: 1, timeoutMs: TIMEOUT });
    expect(result.status).toBe(200);
    expect(result.healthy).toBe(false);
    expect(result.tls).toMatchObject({ selfSigned: true, authorized: false, daysLeft: 29 });
    expect(result.findings).toEqual(['self-signed certificate']);
  });

  it('an expired certificate: unhealthy, with the date it expired', async () => {
    const server = await startHttps(router(newStats()), certs.expired);
    servers.push(server);
    const result = await probeHealth(`${server.origin}/health`, { samples: 1, timeoutMs: TIMEOUT, ca: certs.ca });
    const expiredOn = new Date(certs.madeAt.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    expect(result.healthy).toBe(false);
    expect(result.tls).toMatchObject({ authorized: false, error: 'certificate has expired' });
    expect(result.tls!.daysLeft).toBeLessThan(0);
    expect(result.findings).toEqual([`certificate expired ${expiredOn}`]);
  });

  it('a certificate about to expire: a warning, still healthy', async () => {
    const server = await startHttps(router(newStats()), certs.expiresSoon);
    servers.push(server);
    const result = await probeHealth(`${server.origin}/health`, { samples: 1, timeoutMs: TIMEOUT, ca: certs.ca });
    expect(result.healthy).toBe(true);
    expect(result.findings).toEqual(['certificate expires in 3 days']);
  });

  it('credentials are never sent over an unverified connection', async () => {
    const seen = newStats();
    const server = await startHttps(router(seen), certs.selfSigned);
    servers.push(server);
    const result = await probeHealth(`https://ana:s3cret-pw@127.0.0.1:${server.port}/basic`, { samples: 1, timeoutMs: TIMEOUT });
    expect(seen.authorizations).toEqual([]);
    expect(result.healthy).toBe(false);
    expect(result.findings).toEqual(['TLS: self-signed certificate', 'self-signed certificate']);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('a silent https host: both the request and the certificate check keep the deadline', async () => {
    const silent = await startSilent();
    servers.push(silent);
    const { value: result, ms } = await timed(() =>
      probeHealth(`https://127.0.0.1:${silent.port}/health`, { samples: 3, timeoutMs: TIMEOUT }),
    );
    console.log(`[probe] silent https: returned after ${ms.toFixed(1)} ms (overshoot ${(ms - TIMEOUT).toFixed(1)} ms)`);
    expect(ms).toBeLessThan(TIMEOUT + SLACK);
    expect(result.findings).toEqual(['no answer within 1.0 s (connect)']);
    expect(result.tls).toMatchObject({ validTo: null, error: 'no answer within 1.0 s (TLS)' });
    expect(await silent.drained()).toBe(0);
  });
});
