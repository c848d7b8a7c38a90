import { describe, expect, it } from 'vitest';
import {
  cleanRemote,
  compareWithBaseline,
  describeProbe,
  looksLikeLoginUrl,
  parseTypedBaseline,
  percentile,
  summarizeSamples,
  baselineFromProbe,
  formatMs,
  type Baseline,
  type ProbeResult,
  type ProbeSample,
  type TlsInfo,
} from '../../src/domain/probe.js';

const AT = new Date('2026-11-25T02:10:00.000Z');
const URL_ = 'https://api.example.com';
const TARGET = 'https://api.example.com/health';

const ok = (latencyMs: number, extra: Partial<ProbeSample> = {}): ProbeSample => ({
  ok: true,
  status: 200,
  latencyMs,
  error: null,
  finalUrl: TARGET,
  redirects: [],
  bodyBytes: 2,
  ...extra,
});
const status = (code: number, latencyMs = 10): ProbeSample => ({ ...ok(latencyMs), ok: code < 400, status: code });
const failed = (error: string): ProbeSample => ({ ok: false, status: null, latencyMs: null, error, finalUrl: TARGET, redirects: [] });

const cert = (over: Partial<TlsInfo> = {}): TlsInfo => ({
  validFrom: '2026-10-01T00:00:00.000Z',
  validTo: '2027-01-30T00:00:00.000Z',
  daysLeft: 65,
  issuer: "CN=R11, O=Let's Encrypt",
  subject: 'CN=api.example.com',
  selfSigned: false,
  authorized: true,
  error: null,
  ...over,
});

describe('cleanRemote', () => {
  it('masks before it shortens: a token cut in half would no longer look like one', () => {
    const token = 'ghp_' + 'abcdefghijklmnopqrstuvwxyz0123456789';
    const location = `http://127.0.0.1:99999/a/long/callback/path/that/pushes/it/to/the/end ${token}`;
    // Cut first, the text would end in "ghp_abcdefghijk…": too short for the token rule.
    expect(location.slice(0, 79)).toContain('ghp_abc');
    expect(cleanRemote(location, 80)).toBe('http://127.0.0.1:99999/a/long/callback/path/that/pushes/it/to/the/end ghp_****');
    expect(cleanRemote(`${location}?sessionid=abc`, 40)).not.toContain('abcdefghijklmnop');
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 0.5, null],
    [[10], 0.95, 10],
    [[30, 10, 20], 0.5, 20],
    [[30, 10, 20], 0.95, 30],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[12.345, 12.35], 0.5, 12.3],
  ])('%j p%s → %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('summarizeSamples', () => {
  it.each<[string, ProbeSample[], TlsInfo | null, Partial<ProbeResult>]>([
    ['all good', [ok(10), ok(30), ok(20)], null, { healthy: true, status: 200, errorRate: 0, p50Ms: 20, p95Ms: 30, findings: [] }],
    [
      'all 500',
      [status(500), status(500), status(500)],
      null,
      { healthy: false, status: 500, errorRate: 1, findings: ['HTTP 500 from /health'] },
    ],
    [
      'one 503 of three',
      [ok(10), status(503), ok(12)],
      null,
      { healthy: false, status: 200, errorRate: 0.333, findings: ['HTTP 503 from /health (1 of 3 samples)'] },
    ],
    [
      'a timeout ends with one sample',
      [failed('no answer within 5.0 s (headers)')],
      null,
      { healthy: false, status: null, errorRate: 1, p50Ms: null, p95Ms: null, findings: ['no answer within 5.0 s (headers)'] },
    ],
    ['no samples at all', [], null, { healthy: false, errorRate: 1, findings: ['no sample taken'] }],
    ['a 301 without Location is still an answer', [status(301)], null, { healthy: true, status: 301 }],
    ['good certificate', [ok(10)], cert(), { healthy: true, findings: [] }],
    [
      'certificate in 3 days: warning only',
      [ok(10)],
      cert({ validTo: '2026-11-28T04:00:00.000Z', daysLeft: 3 }),
      { healthy: true, findings: ['certificate expires in 3 days'] },
    ],
    [
      'certificate in 1 day',
      [ok(10)],
      cert({ validTo: '2026-11-26T12:00:00.000Z', daysLeft: 1 }),
      { healthy: true, findings: ['certificate expires in 1 day'] },
    ],
    [
      'certificate within the day',
      [ok(10)],
      cert({ validTo: '2026-11-25T12:00:00.000Z', daysLeft: 0 }),
      { healthy: true, findings: ['certificate expires within a day'] },
    ],
    [
      'expired certificate',
      [ok(10)],
      cert({ validTo: '2026-11-24T00:00:00.000Z', daysLeft: -2, authorized: false, error: 'certificate has expired' }),
      { healthy: false, findings: ['certificate expired 2026-11-24'] },
    ],
    [
      'expired, even if something claims it is trusted',
      [ok(10)],
      cert({ validTo: '2026-11-24T00:00:00.000Z', daysLeft: -2 }),
      { healthy: false, findings: ['certificate expired 2026-11-24'] },
    ],
    [
      'not yet valid',
      [ok(10)],
      cert({ validFrom: '2026-12-01T00:00:00.000Z', authorized: false, error: 'certificate is not valid yet' }),
      { healthy: false, findings: ['certificate not valid before 2026-12-01'] },
    ],
    [
      'self-signed',
      [ok(10)],
      cert({ selfSigned: true, authorized: false, error: 'self-signed certificate', issuer: 'CN=api.example.com' }),
      { healthy: false, findings: ['self-signed certificate'] },
    ],
    ['self-signed but trusted (a private root given as ca)', [ok(10)], cert({ selfSigned: true }), { healthy: true, findings: [] }],
    [
      'wrong host name',
      [ok(10)],
      cert({ authorized: false, error: 'certificate is for another host name' }),
      { healthy: false, findings: ['certificate is for another host name'] },
    ],
    [
      'certificate not read although HTTP answered',
      [ok(10)],
      {
        ...cert({ validFrom: null, validTo: null, daysLeft: null, issuer: null, subject: null, authorized: false }),
        error: 'no answer within 5.0 s (TLS)',
      },
      { healthy: false, findings: ['certificate not checked: no answer within 5.0 s (TLS)'] },
    ],
    [
      'certificate not read and nothing answered: one finding, not two',
      [failed('connection refused (api.example.com:443)')],
      { ...cert({ validFrom: null, validTo: null, daysLeft: null, authorized: false }), error: 'connection refused (api.example.com:443)' },
      { healthy: false, findings: ['connection refused (api.example.com:443)'] },
    ],
  ])('%s', (_name, samples, tls, expected) => {
    expect(summarizeSamples(samples, tls, AT, URL_, TARGET)).toMatchObject(expected);
  });

  it('masks credentials and tokens in every URL it keeps', () => {
    const samples = [
      ok(5, { finalUrl: 'https://ana:pw123@api.example.com/health?token=abc', redirects: ['https://api.example.com/x?sig=zzz'] }),
    ];
    const result = summarizeSamples(
      samples,
      null,
      AT,
      'https://ana:pw123@api.example.com/?api_key=k1',
      'https://ana:pw123@api.example.com/health',
    );
    const text = JSON.stringify(result);
    for (const secret of ['pw123', 'abc', 'zzz', 'k1']) expect(text).not.toContain(secret);
    expect(result.url).toBe('https://ana:****@api.example.com/?api_key=****');
    expect(result.at).toBe('2026-11-25T02:10:00.000Z');
  });

  it('bodyBytes is the largest read', () => {
    expect(summarizeSamples([ok(1, { bodyBytes: 10 }), ok(1, { bodyBytes: 65536 })], null, AT, URL_, TARGET).bodyBytes).toBe(65536);
  });
});

describe('looksLikeLoginUrl', () => {
  it.each([
    ['https://x.example.com/login', true],
    ['https://x.example.com/login?next=%2F', true],
    ['https://x.example.com/users/sign_in', true],
    ['https://x.example.com/auth/realms/main/protocol/openid-connect/auth', true],
    ['https://x.example.com/oauth2/authorize?client_id=1', true],
    ['https://x.example.com/signin.html', true],
    ['https://x.example.com/session/new', true],
    ['https://sso.example.com/', true],
    ['https://login.microsoftonline.com/common/oauth2', true],
    ['https://accounts.google.com/o/oauth2/auth', true],
    ['https://x.example.com/health', false],
    ['https://x.example.com/author/jane', false],
    ['https://x.example.com/blog/how-to-login-faster', false],
    ['https://x.example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(looksLikeLoginUrl(url)).toBe(expected);
  });
});

describe('parseTypedBaseline', () => {
  it.each([
    ['normally 200 in ~120 ms', 200, 120, 0],
    ['200, 120ms', 200, 120, 0],
    ['200 ~0.3s', 200, 300, 0],
    ['HTTP 204 in about 1.2 s, 1% errors', 204, 1200, 0.01],
    ['120 ms, 200', 200, 120, 0],
    ['normally 200 in ~200 ms', 200, 200, 0],
    ['  301 under 80 msec ', 301, 80, 0],
    ['200 in 0,5 s', 200, 500, 0],
  ])('%j → %s in %s ms', (text, status, p95Ms, errorRate) => {
    const parsed = parseTypedBaseline(text);
    expect(parsed).toEqual({ ok: true, baseline: { status, p95Ms, errorRate, source: 'typed', text: text.trim() } });
  });

  it.each([
    ['', /Type the usual status/],
    ['normally fine', /No HTTP status/],
    ['200ms', /No HTTP status/],
    ['200', /No latency/],
    ['200 in 0 ms', /not plausible/],
    ['200 in 20 min', /No latency/],
    ['200 in 1 s, 150% errors', /error rate/],
  ])('%j → error', (text, message) => {
    const parsed = parseTypedBaseline(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('compareWithBaseline', () => {
  const base: Baseline = { status: 200, p95Ms: 120, errorRate: 0, source: 'typed', text: '200 in ~120 ms' };
  const result = (samples: ProbeSample[], tls: TlsInfo | null = null): ProbeResult => summarizeSamples(samples, tls, AT, URL_, TARGET);
  const verdicts = (r: ProbeResult, b: Baseline = base, factor?: number): Record<string, boolean> =>
    Object.fromEntries(
      compareWithBaseline(r, b, factor === undefined ? {} : { latencyFactor: factor }).checks.map((c) => [c.name, c.pass]),
    );

  it.each<[string, ProbeSample[], TlsInfo | null, Baseline, number | undefined, Record<string, boolean>, boolean]>([
    [
      'back to normal',
      [ok(100), ok(110), ok(120)],
      null,
      base,
      undefined,
      { status: true, latency: true, errors: true, certificate: true },
      true,
    ],
    ['at exactly 1.5×', [ok(180)], null, base, undefined, { latency: true }, true],
    ['slower than 1.5×', [ok(100), ok(200)], null, base, undefined, { latency: false }, false],
    ['a custom factor', [ok(200)], null, base, 2, { latency: true }, true],
    ['tiny baselines get 25 ms of slack', [ok(28)], null, { ...base, p95Ms: 4 }, undefined, { latency: true }, true],
    ['still 500', [status(500), status(500)], null, base, undefined, { status: false, errors: false }, false],
    ['an error among the samples', [ok(100), failed('connection reset'), ok(100)], null, base, undefined, { errors: false }, false],
    [
      'a baseline with errors allows as many',
      [ok(100), failed('x'), ok(100), ok(100)],
      null,
      { ...base, errorRate: 0.25 },
      undefined,
      { errors: true },
      true,
    ],
    [
      'no answer at all',
      [failed('no answer within 5.0 s (headers)')],
      null,
      base,
      undefined,
      { status: false, latency: false, errors: false },
      false,
    ],
    [
      'a baseline taken during the outage: latency not compared, errors must be zero',
      [ok(900)],
      null,
      { status: 503, p95Ms: 3, errorRate: 1, source: 'probe', text: '' },
      undefined,
      { status: true, latency: true, errors: true },
      true,
    ],
    [
      'a broken baseline does not excuse errors',
      [ok(100), status(500)],
      null,
      { status: 503, p95Ms: 3, errorRate: 1, source: 'probe', text: '' },
      undefined,
      { errors: false },
      false,
    ],
    ['valid certificate', [ok(100)], cert(), base, undefined, { certificate: true }, true],
    [
      'expired certificate',
      [ok(100)],
      cert({ validTo: '2026-11-24T00:00:00.000Z', daysLeft: -2, authorized: false, error: 'certificate has expired' }),
      base,
      undefined,
      { certificate: false },
      false,
    ],
    [
      'certificate about to expire still passes',
      [ok(100)],
      cert({ validTo: '2026-11-28T04:00:00.000Z', daysLeft: 3 }),
      base,
      undefined,
      { certificate: true },
      true,
    ],
  ])('%s', (_name, samples, tls, baseline, factor, expected, pass) => {
    const r = result(samples, tls);
    expect(verdicts(r, baseline, factor)).toMatchObject(expected);
    expect(compareWithBaseline(r, baseline, factor === undefined ? {} : { latencyFactor: factor }).pass).toBe(pass);
  });

  it('says why, in words', () => {
    const { checks } = compareWithBaseline(result([ok(100), ok(300)], cert({ validTo: '2026-11-28T04:00:00.000Z', daysLeft: 3 })), base);
    expect(checks).toEqual([
      { name: 'status', pass: true, detail: 'HTTP 200 (baseline 200)' },
      { name: 'latency', pass: false, detail: 'p95 300 ms (baseline 120 ms, allowed ≤ 180 ms)' },
      { name: 'errors', pass: true, detail: '0% of 2 samples (allowed ≤ 0%)' },
      { name: 'certificate', pass: true, detail: 'valid, 3 days left (certificate expires in 3 days)' },
    ]);
  });

  it('a probe can become the baseline', () => {
    const r = result([ok(100), ok(140)]);
    expect(baselineFromProbe(r)).toMatchObject({ status: 200, p95Ms: 140, errorRate: 0, source: 'probe' });
    expect(baselineFromProbe(result([failed('x')]))).toBeNull();
  });
});

describe('describeProbe', () => {
  it.each<[ProbeSample[], TlsInfo | null, string]>([
    [
      [ok(12), ok(15), ok(13)],
      cert(),
      'healthy https://api.example.com/health: HTTP 200, p50 13 ms / p95 15 ms, errors 0% of 3 samples, certificate 65 days left',
    ],
    [
      [status(500, 4.2)],
      null,
      'unhealthy https://api.example.com/health: HTTP 500, p50 4.2 ms / p95 4.2 ms, errors 100% of 1 sample — HTTP 500 from /health',
    ],
    [
      [failed('no answer within 5.0 s (connect)')],
      null,
      'unhealthy https://api.example.com/health: no HTTP answer, errors 100% of 1 sample — no answer within 5.0 s (connect)',
    ],
  ])('%#', (samples, tls, line) => {
    expect(describeProbe(summarizeSamples(samples, tls, AT, URL_, TARGET))).toBe(line);
  });

  it('formats durations', () => {
    expect([formatMs(null), formatMs(0.42), formatMs(12.4), formatMs(999.6), formatMs(1250)]).toEqual([
      '—',
      '0.4 ms',
      '12 ms',
      '1.00 s',
      '1.25 s',
    ]);
  });
});
