import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { UpdateSender, type SendOutcome } from '../../src/session/update-sender.js';
import type { UpdatePayload } from '../../src/notify/webhook.js';
import { until } from '../helpers/frames.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const payload: UpdatePayload = {
  incidentId: '2026-11-25-checkout-returns-500',
  title: 'Checkout returns 500',
  severity: 'SEV-1',
  kind: 'identified',
  text: '[SEV-1] Identified — Checkout returns 500',
  at: '2026-11-25T02:15:00.000Z',
};

let receiver: Receiver | null = null;
let sender: UpdateSender | null = null;
afterEach(async () => {
  await sender?.stop();
  await receiver?.close();
  sender = receiver = null;
});

interface Seen {
  outcomes: SendOutcome[];
  retries: Array<{ attempts: number; error: string; nextInMs: number }>;
}

function makeSender(r: Receiver, delaysMs: number[], timeoutMs = 2000): { sender: UpdateSender; seen: Seen } {
  const seen: Seen = { outcomes: [], retries: [] };
  const s = new UpdateSender({
    target: { url: r.url, envName: 'INCIDENT_WEBHOOK_URL', format: 'slack', timeoutMs },
    delaysMs,
    onOutcome: (outcome, p) => {
      expect(p).toBe(payload);
      seen.outcomes.push(outcome);
    },
    onRetry: (info) => seen.retries.push(info),
  });
  return { sender: s, seen };
}

function expectNoSecret(seen: Seen, r: Receiver): void {
  const text = JSON.stringify(seen);
  expect(text).not.toContain(r.secret);
  expect(text).not.toContain('s3cr3t');
  expect(text).not.toContain('/services/');
  expect(text).not.toContain(r.server.origin);
}

describe('UpdateSender', () => {
  it('never blocks: send returns at once, the outcome comes later', async () => {
    receiver = await startReceiver([200]);
    const made = makeSender(receiver, [0]);
    sender = made.sender;
    const started = performance.now();
    expect(sender.send(payload)).toBe(true);
    expect(performance.now() - started).toBeLessThan(20);
    expect(made.seen.outcomes).toEqual([]);
    expect(sender.pending).toEqual([payload]);
    await until(() => made.seen.outcomes.length === 1);
    expect(made.seen.outcomes).toEqual([{ kind: 'sent', attempts: 1, status: 200 }]);
    expect(sender.pending).toEqual([]);
  });

  it('500 then 200: retried after the delay, sent after 2 attempts, one outcome', async () => {
    receiver = await startReceiver([500, 200]);
    const made = makeSender(receiver, [0, 100, 100]);
    sender = made.sender;
    sender.send(payload);
    await until(() => made.seen.outcomes.length === 1);
    expect(made.seen.outcomes).toEqual([{ kind: 'sent', attempts: 2, status: 200 }]);
    expect(made.seen.retries).toEqual([
      { attempts: 1, nextInMs: 100, error: 'webhook (from $INCIDENT_WEBHOOK_URL) answered 500 (internal error)' },
    ]);
    expect(receiver.received.map((r) => r.body)).toEqual([JSON.stringify({ text: payload.text }), JSON.stringify({ text: payload.text })]);
    await new Promise((r) => setTimeout(r, 150));
    expect(made.seen.outcomes).toHaveLength(1);
    expectNoSecret(made.seen, receiver);
  });

  it('404: not retried; failed after 1 attempt with what to check', async () => {
    receiver = await startReceiver([404]);
    const made = makeSender(receiver, [0, 50, 50]);
    sender = made.sender;
    sender.send(payload);
    await until(() => made.seen.outcomes.length === 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(1);
    expect(made.seen.retries).toEqual([]);
    expect(made.seen.outcomes).toEqual([
      {
        kind: 'failed',
        attempts: 1,
        error:
          'webhook (from $INCIDENT_WEBHOOK_URL) answered 404 (no_service): no webhook at that address: check $INCIDENT_WEBHOOK_URL is the current URL (the webhook may have been deleted)',
      },
    ]);
    expectNoSecret(made.seen, receiver);
  });

  it('a webhook that hangs: each attempt cut off at the deadline, retried, finally failed', async () => {
    receiver = await startReceiver(['hang']);
    const made = makeSender(receiver, [0, 50, 50], 300);
    sender = made.sender;
    const started = performance.now();
    sender.send(payload);
    await until(() => made.seen.outcomes.length === 1, { timeoutMs: 5000 });
    const elapsed = performance.now() - started;
    // 3 deadlines of 300 ms and 2 waits of 50 ms, with some room for a busy machine.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
    expect(receiver.received).toHaveLength(3);
    expect(made.seen.retries.map((r) => r.attempts)).toEqual([1, 2]);
    expect(made.seen.outcomes).toEqual([
      { kind: 'failed', attempts: 3, error: 'webhook (from $INCIDENT_WEBHOOK_URL): no answer within 0.3 s (headers)' },
    ]);
    expect(await receiver.server.drained(1000)).toBe(0);
    expectNoSecret(made.seen, receiver);
  });

  it('Retry-After only lengthens the wait', async () => {
    receiver = await startReceiver([{ status: 429, headers: { 'retry-after': '0.2' } }, 200]);
    const made = makeSender(receiver, [0, 10]);
    sender = made.sender;
    sender.send(payload);
    await until(() => made.seen.outcomes.length === 1);
    expect(made.seen.retries[0]!.nextInMs).toBe(200);
    expect(made.seen.outcomes).toEqual([{ kind: 'sent', attempts: 2, status: 200 }]);
  });

  it('stop() while a retry waits: its timer is cleared, the update is handed back, no callback fires afterwards', async () => {
    receiver = await startReceiver([500, 200]);
    const made = makeSender(receiver, [0, 200]);
    sender = made.sender;
    sender.send(payload);
    await until(() => made.seen.retries.length === 1);
    expect(await sender.stop()).toEqual([payload]);
    expect(sender.pending).toEqual([]);
    expect(sender.send(payload)).toBe(false);
    // Past the moment the retry was due: it never ran.
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received).toHaveLength(1);
    expect(made.seen.outcomes).toEqual([]);
  });

  it('stop() during a hanging request: aborts it at once, closes its socket, no callback fires afterwards', async () => {
    receiver = await startReceiver(['hang']);
    const made = makeSender(receiver, [0, 10], 30_000);
    sender = made.sender;
    const socketsBefore = countResources('TCPSocketWrap');
    const timersBefore = countResources('Timeout');
    sender.send(payload);
    await until(() => receiver!.received.length === 1);
    const started = performance.now();
    expect(await sender.stop()).toEqual([payload]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(await receiver.server.drained(1000)).toBe(0);
    expect(countResources('TCPSocketWrap')).toBeLessThanOrEqual(socketsBefore);
    expect(countResources('Timeout')).toBeLessThanOrEqual(timersBefore);
    await new Promise((r) => setTimeout(r, 100));
    expect(made.seen).toEqual({ outcomes: [], retries: [] });
  });

  it('several updates are independent: each has its own outcome', async () => {
    receiver = await startReceiver([200]);
    const made = makeSender(receiver, [0]);
    sender = made.sender;
    const second = { ...payload, text: 'second' };
    const bodies: string[] = [];
    const s = new UpdateSender({
      target: { url: receiver.url, envName: 'HOOK', format: 'json', timeoutMs: 2000 },
      delaysMs: [0],
      onOutcome: (_o, p) => bodies.push(p.text),
    });
    s.send(payload);
    s.send(second);
    await until(() => bodies.length === 2);
    expect(bodies.sort()).toEqual([payload.text, 'second'].sort());
    await s.stop();
  });
});

/** Active handles of one kind in this process (what would keep it from exiting). */
function countResources(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}
