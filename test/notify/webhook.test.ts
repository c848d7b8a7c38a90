import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { postUpdate, webhookBody, type PostResult, type UpdatePayload } from '../../src/notify/webhook.js';
import { closedPort, startSilent, type TestServer } from '../helpers/servers.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const payload: UpdatePayload = {
  incidentId: '2026-11-25-checkout-returns-500',
  title: 'Checkout returns 500',
  severity: 'SEV-2',
  kind: 'investigating',
  text: '[SEV-2] Investigating — Checkout returns 500 <!channel> & more\nNext update: by 02:45 UTC.',
  at: '2026-11-25T02:15:00.000Z',
};
const ENV = 'INCIDENT_WEBHOOK_URL';

let receiver: Receiver | null = null;
let other: TestServer | null = null;
afterEach(async () => {
  await receiver?.close();
  await other?.close();
  receiver = other = null;
});

function failure(result: PostResult): Extract<PostResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

/** No part of the secret path in anything the user or the timeline could see. */
function expectNoSecret(text: string, r: Receiver): void {
  expect(text).not.toContain(r.secret);
  expect(text).not.toContain('s3cr3t');
  expect(text).not.toContain('/services/');
}

describe('postUpdate to a real receiver on 127.0.0.1', () => {
  it('slack: POSTs {"text": …} as JSON, with Slack\'s escapes, and answers ok', async () => {
    receiver = await startReceiver([200]);
    const result = await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'slack', envName: ENV });
    expect(result).toEqual({ ok: true, status: 200 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe(`/services/${receiver.secret}`);
    expect(got.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(got.body)).toEqual({
      text: '[SEV-2] Investigating — Checkout returns 500 &lt;!channel&gt; &amp; more\nNext update: by 02:45 UTC.',
    });
  });

  it('json: every field, the text as written', async () => {
    receiver = await startReceiver([204]);
    expect(await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'json', envName: ENV })).toEqual({ ok: true, status: 204 });
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({
      incident_id: '2026-11-25-checkout-returns-500',
      title: 'Checkout returns 500',
      severity: 'SEV-2',
      kind: 'investigating',
      text: payload.text,
      at: '2026-11-25T02:15:00.000Z',
    });
    expect(webhookBody(payload, 'json')).toBe(receiver.received[0]!.body);
  });

  it('500: retryable, says who answered what, never the URL', async () => {
    receiver = await startReceiver([500]);
    const result = failure(await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }));
    expect(result).toEqual({ ok: false, retryable: true, error: 'webhook (from $INCIDENT_WEBHOOK_URL) answered 500 (internal error)' });
  });

  it('404: not retried, says what to check', async () => {
    receiver = await startReceiver([404]);
    const result = failure(await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }));
    expect(result.retryable).toBe(false);
    expect(result.error).toBe(
      'webhook (from $INCIDENT_WEBHOOK_URL) answered 404 (no_service): no webhook at that address: check $INCIDENT_WEBHOOK_URL is the current URL (the webhook may have been deleted)',
    );
  });

  it.each<[number, RegExp]>([
    [400, /answered 400 \(invalid_payload\): the message was not accepted: check that format \(slack or json\)/],
    [403, /answered 403 \(invalid_payload\): refused: check \$INCIDENT_WEBHOOK_URL/],
    [302, /answered 302 \(invalid_payload\): a redirect, which is not followed/],
  ])('%i: not retried, says what to check', async (status, message) => {
    receiver = await startReceiver([
      { status, body: 'invalid_payload', headers: status === 302 ? { location: 'http://127.0.0.1:1/x' } : {} },
    ]);
    const result = failure(await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }));
    expect(result.retryable).toBe(false);
    expect(result.error).toMatch(message);
    expect(receiver.received).toHaveLength(1);
  });

  it('429 with Retry-After: retryable, and the wait is passed on', async () => {
    receiver = await startReceiver([{ status: 429, headers: { 'retry-after': '3' } }]);
    const result = failure(await postUpdate(receiver.url, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }));
    expect(result).toEqual({
      ok: false,
      retryable: true,
      retryAfterMs: 3000,
      error: expect.stringMatching(/answered 429 \(rate_limited\): rate limited$/),
    });
  });

  it('a receiver that reads the request and never answers: cut off at the deadline, retryable, connection closed', async () => {
    receiver = await startReceiver(['hang']);
    const started = performance.now();
    const result = failure(await postUpdate(receiver.url, payload, { timeoutMs: 300, format: 'slack', envName: ENV }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(800);
    expect(result).toEqual({ ok: false, retryable: true, error: 'webhook (from $INCIDENT_WEBHOOK_URL): no answer within 0.3 s (headers)' });
    expect(await receiver.server.drained(1000)).toBe(0);
  });

  it('a server that accepts the connection and never says a word: the same deadline', async () => {
    other = await startSilent();
    const started = performance.now();
    const result = failure(
      await postUpdate(`${other.origin}/services/T0/B0/s3cr3t`, payload, { timeoutMs: 300, format: 'json', envName: ENV }),
    );
    expect(performance.now() - started).toBeLessThan(800);
    expect(result.retryable).toBe(true);
    expect(result.error).toMatch(/^webhook \(from \$INCIDENT_WEBHOOK_URL\): no answer within 0\.3 s/);
    expect(await other.drained(1000)).toBe(0);
  });

  it('connection refused: retryable, names the host and port only', async () => {
    const port = await closedPort();
    const result = failure(
      await postUpdate(`http://127.0.0.1:${port}/services/T0/B0/s3cr3t`, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }),
    );
    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: `webhook (from $INCIDENT_WEBHOOK_URL): connection refused (127.0.0.1:${port})`,
    });
  });

  it('an answer that quotes the URL back is scrubbed before it is shown', async () => {
    receiver = await startReceiver([{ status: 400, body: 'no such hook: {url} (path {path})' }]);
    const result = failure(await postUpdate(`${receiver.url}?token=abc`, payload, { timeoutMs: 2000, format: 'slack', envName: ENV }));
    expect(result.error).toMatch(
      /^webhook \(from \$INCIDENT_WEBHOOK_URL\) answered 400 \(no such hook: … \(path …\)\): the message was not accepted/,
    );
    expectNoSecret(result.error, receiver);
    expect(result.error).not.toContain('token=abc');
  });

  it('not a usable URL: not retried, and not echoed', async () => {
    for (const url of ['hooks.slack.com/services/T0/B0/s3cr3t', 'ftp://hooks.example.com/s3cr3t']) {
      const result = failure(await postUpdate(url, payload, { timeoutMs: 500, format: 'slack', envName: ENV }));
      expect(result.retryable).toBe(false);
      expect(result.error).not.toContain('s3cr3t');
      expect(result.error).toMatch(/^webhook \(from \$INCIDENT_WEBHOOK_URL\): /);
    }
  });

  it('cancelled through its signal: settles at once, not retryable', async () => {
    receiver = await startReceiver(['hang']);
    const controller = new AbortController();
    const started = performance.now();
    const post = postUpdate(receiver.url, payload, { timeoutMs: 10_000, format: 'slack', envName: ENV, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await post).toEqual({ ok: false, retryable: false, error: 'webhook (from $INCIDENT_WEBHOOK_URL): post cancelled' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await receiver.server.drained(1000)).toBe(0);
  });
});
