// A posted status update also goes to the team's webhook, in the background,
// with retries; each outcome is a timeline entry and the URL is never written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { until } from '../helpers/frames.js';
import { startReceiver, type Receiver, type Reply } from '../helpers/webhook-receiver.js';

let tmp: { dir: string; cleanup: () => void };
let receiver: Receiver | null = null;
let session: Session | null = null;
let deps: SessionDeps;

beforeEach(() => {
  tmp = makeTempDir('incident-webhook-');
});
afterEach(async () => {
  session?.close();
  session = null;
  await deps.store.flush();
  await receiver?.close();
  receiver = null;
  tmp.cleanup();
});

async function open(replies: Reply[], timeoutMs = 2000): Promise<Session> {
  receiver = await startReceiver(replies);
  const host = new URL(receiver.url).host;
  deps = await makeDeps(tmp.dir, {
    webhook: { target: { url: receiver.url, envName: 'INCIDENT_WEBHOOK_URL', host, format: 'slack', timeoutMs }, delaysMs: [0, 50, 100] },
  });
  session = Session.fresh(deps);
  session.submit({ type: 'declare', title: 'Checkout returns 500' });
  return session;
}

function logText(s: Session): string {
  return readFileSync(eventsPath(incidentDir(deps.store.stateDir, s.id!)), 'utf8');
}

describe('status updates to a webhook', () => {
  it('sends a posted update and records that it was delivered', async () => {
    const s = await open([200]);
    expect(s.updateChannel).toBe(new URL(receiver!.url).host);
    expect(s.submit({ type: 'update.posted', kind: 'investigating', text: '[SEV-2] Investigating — checkout <!channel>' }).ok).toBe(true);
    await until(() => s.entries.some((e) => e.type === 'update.sent'), { why: () => 'no update.sent' });
    expect(JSON.parse(receiver!.received[0]!.body)).toEqual({ text: '[SEV-2] Investigating — checkout &lt;!channel&gt;' });
    expect(s.entries.find((e) => e.type === 'update.sent')!.data).toMatchObject({ kind: 'investigating', attempts: 1, status: 200 });
    expect(logText(s)).not.toContain(receiver!.secret);
  });

  it('retries a 500 and records the delivery after the second attempt', async () => {
    const s = await open([500, 200]);
    s.submit({ type: 'update.posted', kind: 'investigating', text: 'x' });
    await until(() => s.entries.some((e) => e.type === 'update.sent'), { why: () => 'no update.sent' });
    expect(s.entries.find((e) => e.type === 'update.sent')!.data).toMatchObject({ attempts: 2 });
    expect(receiver!.received).toHaveLength(2);
    // The failed first attempt was recorded when it failed, before the delivery.
    const types = s.entries.map((e) => e.type).filter((t) => t.startsWith('update.') && t !== 'update.posted');
    expect(types).toEqual(['update.retrying', 'update.sent']);
    expect(s.entries.find((e) => e.type === 'update.retrying')!.data).toMatchObject({
      kind: 'investigating',
      attempts: 1,
      error: expect.stringMatching(/500/),
      nextInSeconds: 0,
      via: '$INCIDENT_WEBHOOK_URL',
    });
    expect(logText(s)).not.toContain(receiver!.url);
  });

  it('a webhook that hangs is given up after every attempt, reported, and the incident goes on meanwhile', async () => {
    const s = await open(['hang'], 150);
    s.submit({ type: 'update.posted', kind: 'identified', text: 'x' });
    // Not blocked: the next answer is taken at once.
    expect(s.submit({ type: 'answer', step: 'detect.url', question: 'Production URL', value: '' }).ok).toBe(true);
    await until(() => s.entries.some((e) => e.type === 'update.failed'), { timeoutMs: 5000, why: () => 'no update.failed' });
    const failed = s.entries.find((e) => e.type === 'update.failed')!;
    expect(failed.data).toMatchObject({ kind: 'identified', attempts: 3 });
    expect(String(failed.data.error)).toMatch(/INCIDENT_WEBHOOK_URL/);
    expect(logText(s)).not.toContain(receiver!.secret);
  });

  it('leaving while it is still being tried records it as not sent', async () => {
    const s = await open(['hang'], 5000);
    s.submit({ type: 'update.posted', kind: 'investigating', text: 'x' });
    await until(() => receiver!.received.length === 1, { why: () => 'never sent' });
    const id = s.id!;
    s.close();
    session = null;
    const log = readFileSync(eventsPath(incidentDir(deps.store.stateDir, id)), 'utf8');
    expect(log).toMatch(/"type":"update.failed".*not sent: the incident was left before the webhook answered/);
  });
});
