// Test fixtures below are fake credentials shaped like real ones (AWS's
// documented EXAMPLE key, made-up tokens), assembled from parts so that secret
// scanners do not flag this file.
import { describe, expect, it } from 'vitest';
import { containsSecret, MASK, maskSecrets, maskUrl } from '../../src/domain/secrets.js';

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
  ])('leaves %j alone', (text) => {
    expect(maskSecrets(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });

  it('uses a marker that is not itself secret-looking', () => {
    expect(MASK).toBe('****');
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
});
