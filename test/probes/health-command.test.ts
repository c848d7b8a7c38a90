// `incident health URL` against real loopback servers: output and exit codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { health, parseSamples, parseTimeoutSeconds } from '../../src/commands/health.js';
import { UserError, type Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { closedPort, newStats, router, startHttp, startSilent, type TestServer } from '../helpers/servers.js';

let web: TestServer;
let silent: TestServer;
let out: string[];
let err: string[];
const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
const services: Services = {
  stateDir: '/nonexistent/state',
  now: () => new Date('2026-11-25T02:10:00.000Z'),
  actor: 'ana@laptop',
  host: 'laptop',
  pid: process.pid,
  cwd: '/',
  repo: null,
};

beforeAll(async () => {
  web = await startHttp(router(newStats()));
  silent = await startSilent();
});
afterAll(async () => {
  await web.close();
  await silent.close();
});
beforeEach(() => {
  out = [];
  err = [];
});

describe('incident health', () => {
  it('healthy: a readable block, exit 0', async () => {
    expect(await health(services, `${web.origin}/health`, { samples: '2' }, io)).toBe(0);
    expect(out[0]).toBe(`healthy  ${web.origin}/health`);
    expect(out).toContain('  status       HTTP 200');
    expect(out.find((l) => l.startsWith('  latency'))).toMatch(/^ {2}latency {6}p50 [\d.]+ ms · p95 [\d.]+ ms$/);
    expect(out).toContain('  errors       0% (0 of 2 samples)');
    expect(out.some((l) => l.includes('findings'))).toBe(false);
    expect(err).toEqual([]);
  });

  it('unhealthy: findings listed, exit 1', async () => {
    expect(await health(services, `${web.origin}/status/502`, { samples: '1' }, io)).toBe(1);
    expect(out[0]).toBe(`UNHEALTHY  ${web.origin}/status/502`);
    expect(out.slice(-2)).toEqual(['  findings', '    - HTTP 502 from /status/502']);
  });

  it('redirects are shown', async () => {
    expect(await health(services, `${web.origin}/redirect/1`, { samples: 1 }, io)).toBe(0);
    expect(out).toContain(`  redirects    ${web.origin}/redirect/0`);
  });

  it('--json: the masked ProbeResult and a one-line summary', async () => {
    const code = await health(services, `http://ana:s3cret-pw@127.0.0.1:${web.port}/basic`, { samples: '1', json: true }, io);
    expect(code).toBe(0);
    const parsed = JSON.parse(out.join('\n')) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      healthy: true,
      status: 200,
      at: '2026-11-25T02:10:00.000Z',
      url: `http://ana:****@127.0.0.1:${web.port}/basic`,
    });
    expect(parsed.summary).toMatch(/^healthy http:\/\/ana:\*{4}@127\.0\.0\.1:\d+\/basic: HTTP 200/);
    expect(out.join('\n')).not.toContain('s3cret');
  });

  it('--timeout is in seconds and kept', async () => {
    const t0 = Date.now();
    expect(await health(services, `${silent.origin}/health`, { timeout: '0.3' }, io)).toBe(1);
    expect(Date.now() - t0).toBeLessThan(1300);
    expect(out).toContain('    - no answer within 0.3 s (headers)');
  });

  it('a refused connection: exit 1 with the finding', async () => {
    const port = await closedPort();
    expect(await health(services, `http://127.0.0.1:${port}/health`, { samples: '1' }, io)).toBe(1);
    expect(out).toContain(`    - connection refused (127.0.0.1:${port})`);
  });

  it.each([
    ['ftp://example.com', {}, /Only http:\/\/ and https:\/\//],
    ['', {}, /No URL given/],
    ['not a url at all', {}, /cannot contain spaces/],
    ['https://example.com', { samples: '0' }, /--samples "0" is not a whole number from 1 to 100/],
    ['https://example.com', { samples: 'three' }, /--samples "three"/],
    ['https://example.com', { samples: '2.5' }, /--samples "2.5"/],
    ['https://example.com', { timeout: '-1' }, /--timeout "-1" is not a number of seconds/],
    ['https://example.com', { timeout: 'soon' }, /--timeout "soon"/],
    ['https://example.com', { timeout: '0' }, /--timeout "0"/],
    ['https://example.com', { timeout: '9999' }, /up to 300/],
  ])('usage error (exit 2): %j %j', async (url, opts, message) => {
    const failure = health(services, url, opts, io);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
    expect(out).toEqual([]);
  });

  it('parses the numbers', () => {
    expect([parseSamples('1'), parseSamples(' 20 '), parseSamples(100)]).toEqual([1, 20, 100]);
    expect([parseTimeoutSeconds('5'), parseTimeoutSeconds('0.5'), parseTimeoutSeconds('2s'), parseTimeoutSeconds(0.25)]).toEqual([
      5000, 500, 2000, 250,
    ]);
  });
});
