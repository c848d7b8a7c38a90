// Test fixtures below are fake credentials shaped like real ones (AWS's
// documented EXAMPLE key, made-up tokens), assembled from parts so that secret
// scanners do not flag this file.
import { describe, expect, it } from 'vitest';
import { containsSecret, MASK, maskDeep, maskSecrets, maskUrl, maskWithCursor } from '../../src/domain/secrets.js';
import { PLANTED } from '../helpers/planted-secrets.js';

const ghp = 'ghp_' + 'abcdefghijklmnopqrstuvwxyz0123456789';
const jwt = 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const slackHook = 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const pem = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA1234567890abcdefghijABCD',
  'abcdefghijklmnopqrstuvwxyz0123456789+/==',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('maskSecrets', () => {
  it.each<[string, string, string]>([
    ['AWS access key id', 'key ' + 'AKIA' + 'IOSFODNN7EXAMPLE' + ' here', 'key AKIA**** here'],
    ['AWS session key id', 'ASIA' + 'IOSFODNN7EXAMPLE', 'ASIA****'],
    ['aws_secret_access_key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = ****'],
    ['GitHub classic token', `use ${ghp} now`, 'use ghp_**** now'],
    ['GitHub app token', 'ghs_' + 'abcdefghijklmnopqrstuvwxyz0123456789', 'ghs_****'],
    ['GitHub OAuth token', 'gho_' + 'abcdefghijklmnopqrstuvwxyz0123456789', 'gho_****'],
    ['GitHub fine-grained token', 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_****'],
    ['token env var keeps its hint', `export GITHUB_TOKEN=${ghp}`, 'export GITHUB_TOKEN=ghp_****'],
    ['GitLab token', 'glpat-' + 'abcdefghij0123456789 used', 'glpat-**** used'],
    ['Slack bot token', 'xoxb-' + '123456789012-1234567890123-abcdefghijklmnopqrstuvwx', 'xoxb-****'],
    ['Slack user token', 'xoxp-' + '123456789012-abcdefghij', 'xoxp-****'],
    ['Slack webhook', `post to ${slackHook} now`, 'post to https://hooks.slack.com/services/**** now'],
    ['Discord webhook', 'https://discord.com/api/webhooks/' + '123456789/abcdefghijklmnop-qrs', 'https://discord.com/api/webhooks/****'],
    ['JWT', `jwt ${jwt}.`, 'jwt eyJ****.'],
    ['Authorization: Bearer', 'curl -H "Authorization: Bearer abc.def-ghi" https://x', 'curl -H "Authorization: Bearer ****" https://x'],
    ['Authorization: Basic', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic ****'],
    ['Authorization with a JWT keeps its hint', `Authorization: Bearer ${jwt}`, 'Authorization: Bearer eyJ****'],
    ['bare bearer token', '-H "Bearer abcdefghijklmnop1234"', '-H "Bearer ****"'],
    ['PEM private key block', `before\n${pem}\nafter`, 'before\n-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----\nafter'],
    [
      'PEM key without its END line',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nthen we restarted',
      '-----BEGIN OPENSSH PRIVATE KEY-----****\nthen we restarted',
    ],
    ['user:password@ in a URL', 'postgres://admin:s3cr3t@db.internal:5432/app', 'postgres://admin:****@db.internal:5432/app'],
    ['token query param', 'https://api.example.com/x?user=bob&token=abc123&page=2', 'https://api.example.com/x?user=bob&token=****&page=2'],
    ['api_key query param', 'https://x.io/?api_key=abc&apikey=def&key=ghi', 'https://x.io/?api_key=****&apikey=****&key=****'],
    ['sig / signature query params', 'https://x.io/f?sig=abc&signature=def&secret=g', 'https://x.io/f?sig=****&signature=****&secret=****'],
    ['password / passwd query params', 'https://x.io/?password=a&passwd=b', 'https://x.io/?password=****&passwd=****'],
    ['access_token in a fragment', 'https://example.com/cb#access_token=abc&state=1', 'https://example.com/cb#access_token=****&state=1'],
    ['password=', 'password=hunter2 and more', 'password=**** and more'],
    ['secret=', 'secret=abc', 'secret=****'],
    ['token=', 'token=abc', 'token=****'],
    ['double-quoted value with spaces', 'DB_PASSWORD="correct horse battery"', 'DB_PASSWORD="****"'],
    ['JSON', '{"password": "p@ss", "user": "x"}', '{"password": "****", "user": "x"}'],
    ['YAML api_key:', "api_key: 'abc123'", "api_key: '****'"],
    ['Ruby =>', 'secret => abc', 'secret => ****'],
    ['Go :=', 'token := abc', 'token := ****'],
    ['connection string', 'Server=db;Password=abc;Database=x', 'Server=db;Password=****;Database=x'],
    ['--password flag', 'mysql --password hunter2 -u root', 'mysql --password **** -u root'],
    ['curl -u', 'curl -u admin:pa55 https://x', 'curl -u admin:**** https://x'],
    ['Stripe key', 'sk_live_' + 'abcdefghijklmnop', 'sk_live_****'],
    ['Google API key', 'AIza' + 'SyA-abcdefghijklmnopqrstuvwxyz12345', 'AIza****'],
    // More of each family, in the shapes they are pasted in.
    ['AWS key id in a config line', 'aws_access_key_id = ' + 'AKIA' + 'IOSFODNN7EXAMPLE', 'aws_access_key_id = AKIA****'],
    ['AWS key id in JSON', '{"AccessKeyId": "' + 'ASIA' + 'IOSFODNN7EXAMPLE' + '"}', '{"AccessKeyId": "ASIA****"}'],
    ['AWS secret in YAML', 'aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'aws_secret_access_key: "****"'],
    ['AWS secret env var', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY=****'],
    ['GitHub user token', 'ghu_' + 'abcdefghijklmnopqrstuvwxyz0123456789', 'ghu_****'],
    ['GitHub refresh token', 'ghr_' + 'abcdefghijklmnopqrstuvwxyz0123456789', 'ghr_****'],
    [
      'GitHub token in a clone URL',
      `git clone https://x-access-token:${ghp}@github.com/o/r`,
      'git clone https://x-access-token:****@github.com/o/r',
    ],
    ['GitLab deploy token', 'gldt-' + 'abcdefghij0123456789xy', 'gldt-****'],
    ['Slack app token', 'xoxa-' + '2-abcdefghijkl', 'xoxa-****'],
    ['Slack app-level token', 'xapp-' + '1-A0123456789-0123456789012-abcdef0123456789', 'xapp-****'],
    ['Slack workflow webhook', 'https://hooks.slack.com/workflows/' + 'T00/A00/123/abc', 'https://hooks.slack.com/workflows/****'],
    ['JWT in a cookie header', `Cookie: session=${jwt}; theme=dark`, 'Cookie: session=eyJ****; theme=****'],
    ['Set-Cookie', 'Set-Cookie: sid=abc123; Path=/; HttpOnly', 'Set-Cookie: sid=****; Path=****; HttpOnly'],
    ['Authorization: token', 'Authorization: token ' + 'abcdef0123456789', 'Authorization: token ****'],
    ['Proxy-Authorization', 'Proxy-Authorization: Basic dXNlcjpwYXNz', 'Proxy-Authorization: Basic ****'],
    ['Authorization as JSON', '{"Authorization": "Bearer abc.def"}', '{"Authorization": "Bearer ****"}'],
    [
      'PEM key with CRLF line ends',
      '-----BEGIN EC PRIVATE KEY-----\r\nMHcCAQEEIBVkZmFzZGZhc2RmYXNkZmFz\r\n-----END EC PRIVATE KEY-----\r\n',
      '-----BEGIN EC PRIVATE KEY-----****-----END EC PRIVATE KEY-----\r\n',
    ],
    [
      'PGP private key block',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0abcdefgh\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----****-----END PGP PRIVATE KEY BLOCK-----',
    ],
    [
      'PEM key inside JSON (a service account file)',
      '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n", "x": 1}',
      '{"private_key": "****", "x": 1}',
    ],
    [
      'two PEM keys, text between kept',
      `${pem}\nand the other one\n${pem}`,
      '-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----\nand the other one\n-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----',
    ],
    ['password only in a URL', 'redis://:p4ssw0rd@cache:6379/0', 'redis://:****@cache:6379/0'],
    ['amqp URL', 'amqps://svc:Zm9v-bar@mq.internal/vhost', 'amqps://svc:****@mq.internal/vhost'],
    ['HTML-escaped query', 'href="/cb?state=1&amp;access_token=abc"', 'href="/cb?state=1&amp;access_token=****"'],
    ['refresh_token param', 'https://x.io/t?refresh_token=abc&x=1', 'https://x.io/t?refresh_token=****&x=1'],
    ['S3 presigned signature', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=****'],
    ['passwd:', 'passwd: hunter2', 'passwd: ****'],
    ['PASSWORD="…" in env', 'export PGPASSWORD="s3 cr3t"', 'export PGPASSWORD="****"'],
    ['YAML password in a list', '  - password: hunter2', '  - password: ****'],
    ['JSON "secret"', '{"client_secret":"abc","id":"x"}', '{"client_secret":"****","id":"x"}'],
    ['x-api-key header', 'curl -H "x-api-key: abc123" https://x', 'curl -H "x-api-key: ****" https://x'],
    ['--token flag', 'vault login --token s.abcdef', 'vault login --token ****'],
    [
      'a secret next to a commit sha',
      `3f786850e387550fdab836ed7e6dc881de23001b token=abc`,
      '3f786850e387550fdab836ed7e6dc881de23001b token=****',
    ],
  ])('%s', (_name, input, output) => {
    expect(maskSecrets(input)).toBe(output);
    expect(maskSecrets(output)).toBe(output);
    expect(containsSecret(input)).toBe(true);
    expect(containsSecret(output)).toBe(false);
  });

  it.each([
    'The password is wrong',
    'tokens: 5 and token_count=3',
    'password=""',
    'Bearer token expired',
    'the key insight: it was DNS',
    'deployed v2.3.1 at 01:50, see https://ci.example.com/build/123?page=2',
    'AKIA alone is not a key',
    'password=****',
    // Ordinary incident text: ids, hashes, prose about tokens and passwords.
    'the token bucket is full, requests are throttled',
    'password reset page is broken',
    'Password reset emails are not sent',
    'secret rotation job failed at 02:00',
    'Token expired for user 42; refresh works',
    'api key rotation broke the mobile login',
    'auth token refresh loops on Safari',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b broke it',
    'reverted 3f78685 (fix: token_count off by one)',
    'incident 01HZX3K8Q4W7V2N9M5P6R1T0YB, request 01J0000000000000000000000Z',
    'trace id 123e4567-e89b-12d3-a456-426614174000',
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'the body was dGhpcyBpcyBqdXN0IGJhc2U2NCBwcm9zZQ== (base64 of nothing secret)',
    'image registry.example.com/shop@sha256:0123abcd',
    'passwords: 3 failed logins',
    'tokens=5 per second',
    'my_token_count=4 and secretsManagerCalls=2',
    'see https://grafana.example.com/d/abc?orgId=1&from=now-1h&var-key_name=x',
    'postgres://app@db.internal:5432/shop (no password in it)',
    'mailto:oncall@example.com',
    'user ana@example.com reported it',
    'ghp_ tokens start like that',
    'xoxb- is the bot token prefix',
    'the JWT eyJ header was malformed',
    'Bearer tokens are checked by the gateway',
    'Authorization header missing',
    '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUabc\n-----END CERTIFICATE-----',
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
    'deploy at 01:50, rollback at 02:05: p95 back to 120 ms',
    'key: value pairs are logged',
  ])('leaves %j alone', (text) => {
    expect(maskSecrets(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });

  it.each(PLANTED.map((p) => [p.family, p] as const))('planted for the end-to-end test, %s, is masked', (_family, p) => {
    const masked = maskSecrets(`before ${p.text} after`);
    expect(masked).not.toContain(p.secret);
    expect(masked).toMatch(/^before [\s\S]*\*{4}[\s\S]* after$/);
    expect(maskSecrets(masked)).toBe(masked);
  });

  it('masks every family at once in one text, keeping the lines apart', () => {
    const text = PLANTED.map((p) => p.text).join('\n');
    const masked = maskSecrets(text);
    for (const p of PLANTED) expect(masked).not.toContain(p.secret);
    expect(masked.split('\n')).toHaveLength(text.split('\n').length - 3);
    expect(maskSecrets(masked)).toBe(masked);
  });

  it('uses a marker that is not itself secret-looking', () => {
    expect(MASK).toBe('****');
  });
});

describe('maskWithCursor (a field being typed)', () => {
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
  const text = `token ${token} leaked`;

  it('leaves text without a secret and its cursor as they are', () => {
    expect(maskWithCursor('db is down', 3)).toEqual({ value: 'db is down', cursor: 3 });
  });

  it.each([
    ['at the end', text.length, 'token ghp_**** leaked'.length],
    ['before the secret', 2, 2],
    ['after the secret', `token ${token} `.length, 'token ghp_**** '.length],
    ['inside the secret: just after its masked form', 'token ghp_abc'.length, 'token ghp_****'.length],
  ])('masks the secret; the cursor %s', (_where, cursor, expected) => {
    const shown = maskWithCursor(text, cursor);
    expect(shown.value).toBe(maskSecrets(text));
    expect(shown.value).not.toContain('abcdefgh');
    expect(shown.cursor).toBe(expected);
  });
});

describe('maskDeep', () => {
  it('masks every string inside objects and arrays, keeps keys and other values', () => {
    const data = {
      step: 'detect.changes',
      value: `deployed with ${ghp}`,
      probe: { samples: [{ error: 'redirect to /cb?access_token=abc', status: null, ok: false }], p95Ms: 12 },
      commits: [{ subject: `rotate ${'AKIA' + 'IOSFODNN7EXAMPLE'}`, score: 40 }],
      token: 'not a key=value, so kept',
      none: null,
    };
    expect(maskDeep(data)).toEqual({
      step: 'detect.changes',
      value: 'deployed with ghp_****',
      probe: { samples: [{ error: 'redirect to /cb?access_token=****', status: null, ok: false }], p95Ms: 12 },
      commits: [{ subject: 'rotate AKIA****', score: 40 }],
      token: 'not a key=value, so kept',
      none: null,
    });
    expect(maskDeep(maskDeep(data))).toEqual(maskDeep(data));
  });
});

describe('maskUrl', () => {
  it.each<[string, string]>([
    ['https://api.example.com/health', 'https://api.example.com/health'],
    ['https://user:pw@host/x', 'https://user:****@host/x'],
    [
      'https://s3.amazonaws.com/b/o?X-Amz-Credential=AK%2F2026&X-Amz-Signature=abc&X-Amz-Date=1',
      'https://s3.amazonaws.com/b/o?X-Amz-Credential=****&X-Amz-Signature=****&X-Amz-Date=1',
    ],
    ['https://x.io/?sessionid=1&q=ok&sharedKey=k', 'https://x.io/?sessionid=****&q=ok&sharedKey=****'],
    ['https://abcdefghijklmnopqrstuvwxyz@host/x', 'https://****@host/x'],
    ['https://bob@host/x', 'https://bob@host/x'],
    [`https://x-access-token:${ghp}@github.com/o/r.git`, 'https://x-access-token:****@github.com/o/r.git'],
    [slackHook, 'https://hooks.slack.com/services/****'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrl(masked)).toBe(masked);
  });
});

describe('cost on hostile input', () => {
  // Every rule is bounded so that a pasted 200 KB log cannot hang the UI
  // (unbounded versions of these patterns took ~40 s on "a-a-a-…").
  it.each([
    ['a-'.repeat(100_000)],
    ['a.'.repeat(100_000)],
    ['token-'.repeat(33_000)],
    ['password'.repeat(25_000)],
    ['-----BEGIN RSA PRIVATE KEY-----\n'.repeat(6_000)],
    ['?a'.repeat(100_000)],
  ])('%#: masks ~200 KB in a bounded time', (text) => {
    const start = performance.now();
    maskSecrets(text);
    maskUrl(text);
    expect(performance.now() - start).toBeLessThan(3_000);
  });

  // 1 MB, the size of a command's output before it is capped. Each shape
  // starts a candidate match at every few bytes and then fails it. Measured
  // at 2–190 ms each; a super-linear rule would take minutes here.
  const MB = 1 << 20;
  const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  it.each([
    ['PEM BEGIN lines with no END', '-----BEGIN RSA PRIVATE KEY-----\n'],
    ['PEM BEGIN + body lines, no END', '-----BEGIN PRIVATE KEY-----\nQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n'],
    ['key names with no value', 'token-password-secret_api_key'],
    ['assignments with empty values', 'password="'],
    ['URL schemes without a host', 'a://b:c'],
    ['query separators', '?token&sig'],
    ['JWT-looking heads', 'eyJabcdefgh.eyJ'],
    ['long flags', '--password-'],
    ['cookie headers', 'Cookie: a=b; '],
    ['bearer words', 'Bearer Bearer '],
    ['dashes and dots', 'a-a.'],
    ['a realistic log', '2026-11-25T02:10:00Z INFO id=01HZX3K8Q4W7V2N9M5P6R1T0YB path=/api/checkout status=500 token_count=3\n'],
  ])('%s: 1 MB in linear time', (_name, unit) => {
    const text = fill(unit);
    const start = performance.now();
    const masked = maskSecrets(text);
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(maskSecrets(masked)).toBe(masked);
  });

  it('1 MB of PEM BEGIN and END lines of ever-new kinds, none matching, in linear time', () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < MB; i++) {
      const kind = i.toString(36).toUpperCase();
      const pair = `-----BEGIN A${kind} PRIVATE KEY-----\nQUFBQUFBQUFBQUFBQUFB\n-----END B${kind} PRIVATE KEY-----\n`;
      lines.push(pair);
      size += pair.length;
    }
    const start = performance.now();
    maskSecrets(lines.join(''));
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

describe('two secrets run together', () => {
  it('a token that reads on into a key name does not leave that key\'s value in clear', () => {
    expect(maskSecrets('ghp_A1b2C3d4E5f6G7h8I9j0K1l2password=hunter2')).toBe('ghp_****=****');
    expect(maskSecrets('export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('export GITHUB_TOKEN=ghp_****');
  });
});
