import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from 'xstate';
import { LockedError, replay, Session, type SessionDeps } from '../../src/session/incident-session.js';
import { IncidentStore } from '../../src/session/incident-store.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { answerAll, CONTAIN, DETECT, POSTMORTEM, RESOLVE, TRIAGE, verifyAll } from '../helpers/incident-script.js';
import { severityTree } from '../helpers/severity-tree.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
const open: Session[] = [];
const track = (s: Session) => (open.push(s), s);

beforeEach(async () => {
  tmp = makeTempDir('incident-session-');
  deps = await makeDeps(tmp.dir);
});
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await deps.store.flush();
  tmp.cleanup();
});

function declare(title = 'Checkout returns 500'): Session {
  const s = track(Session.fresh(deps));
  const outcome = s.submit({ type: 'declare', title });
  if (!outcome.ok) throw new Error(outcome.error);
  return s;
}

const logOf = (s: Session) => EventLog.read(eventsPath(incidentDir(deps.store.stateDir, s.id!))).entries;

describe('Session', () => {
  it('declares on the first answer: folder, log, lock, and the entry on disk before the machine moves', () => {
    const s = declare();
    expect(s.id).toBe('2026-11-25-checkout-returns-500');
    const dir = incidentDir(deps.store.stateDir, s.id!);
    expect(existsSync(join(dir, 'lock'))).toBe(true);
    expect(statSync(eventsPath(dir)).mode & 0o777).toBe(0o600);
    expect(logOf(s).map((e) => e.type)).toEqual(['incident.declared', 'phase.changed']);
    expect(logOf(s)[0]).toMatchObject({ phase: 'declare', actor: 'ana@laptop', data: { title: 'Checkout returns 500', repo: deps.repo } });
    expect(s.actor.getSnapshot().value).toEqual({ detect: 'url' });
  });

  it('records every answer with its question, masks secrets, and appends derived facts after the answer', () => {
    const s = declare();
    answerAll(s, DETECT, deps.now);
    answerAll(s, TRIAGE.slice(0, 3), deps.now);
    const types = logOf(s).map((e) => `${e.type}${e.type === 'answer' ? `:${String(e.data.step)}` : ''}`);
    expect(types).toEqual([
      'incident.declared',
      'phase.changed',
      'answer:detect.url',
      'answer:detect.baseline',
      'answer:detect.started',
      'answer:detect.detection',
      'answer:detect.changes',
      'phase.changed',
      'answer:triage.severity.app_down',
      'answer:triage.severity.data_loss',
      'answer:triage.severity.core_broken',
      'severity.set',
    ]);
    const started = logOf(s).find((e) => e.data.step === 'detect.started')!;
    expect(started.data).toMatchObject({ question: 'When did it start?', value: '20 min ago' });
    expect(Date.parse(String(started.data.startedAt))).toBeLessThan(Date.parse(started.at));
    expect(s.addNote('curl -H "Authorization: Bearer abcdef0123456789abcdef" ok').ok).toBe(true);
    const note = logOf(s).at(-1)!;
    expect(note.type).toBe('note.added');
    expect(String(note.data.text)).not.toContain('abcdef0123456789abcdef');
  });

  it('a production URL with credentials is stored masked, and probed with what was typed', async () => {
    const probed: string[] = [];
    deps = {
      ...deps,
      diagnostics: {
        probe: async (url, purpose) => {
          probed.push(url);
          return {
            purpose,
            url: 'masked',
            target: 'masked',
            at: deps.now().toISOString(),
            samples: [],
            status: 200,
            healthy: true,
            findings: [],
            p50Ms: 1,
            p95Ms: 1,
            errorRate: 0,
            tls: null,
            bodyBytes: 0,
          };
        },
      },
    };
    const s = declare();
    answerAll(s, [{ step: 'detect.url', value: 'https://deploy:hunter22@shop.example.com/health?token=abc123def456' }], deps.now);
    const url = String(logOf(s).find((e) => e.data.step === 'detect.url')!.data.value);
    expect(url).toContain('shop.example.com/health');
    expect(url).not.toContain('hunter22');
    expect(url).not.toContain('abc123def456');
    expect(s.actor.getSnapshot().context.facts!.url).toBe(url);
    await waitFor(s.actor, (snap) => (snap.context.facts?.probes.length ?? 0) > 0, { timeout: 2000 });
    expect(probed).toEqual(['https://deploy:hunter22@shop.example.com/health?token=abc123def456']);
    expect(JSON.stringify(s.entries)).not.toContain('hunter22');
  });

  it('refuses an answer that does not fit the current step, and records nothing', () => {
    const s = declare();
    const before = logOf(s).length;
    const outcome = s.submit({ type: 'answer', step: 'resolve.root-cause', question: 'x', value: 'y' });
    expect(outcome.ok).toBe(false);
    expect(logOf(s)).toHaveLength(before);
  });

  it('resume rebuilds exactly where it stood, and replay equals the live machine', () => {
    const s = declare();
    answerAll(s, [...DETECT, ...TRIAGE, CONTAIN[0]!], deps.now);
    const live = s.actor.getSnapshot();
    s.close();
    open.splice(0);
    const again = track(Session.resume(deps, live.context.facts!.id));
    const resumed = again.actor.getSnapshot();
    expect(resumed.value).toEqual({ contain: 'rollbackCaution' });
    expect(resumed.context).toEqual(live.context);
    expect(replay(severityTree, again.entries).context.facts).toEqual(live.context.facts);
    // And it goes on from there.
    answerAll(again, CONTAIN.slice(1), deps.now);
    expect(again.actor.getSnapshot().value).toEqual({ resolve: 'hypothesis' });
  });

  it('one interactive session per incident: a second one is refused while the first is open', () => {
    const s = declare();
    expect(() => Session.resume(deps, s.id!)).toThrow(LockedError);
    s.close();
    open.splice(0);
    expect(() => track(Session.resume(deps, s.id!))).not.toThrow();
  });

  it('keeps half-typed drafts across sessions', () => {
    const s = declare();
    s.drafts.set('detect.url', 'https://half-typ');
    s.close();
    open.splice(0);
    const again = track(Session.resume(deps, s.id!));
    expect(again.drafts.get('detect.url')).toBe('https://half-typ');
  });

  it('a whole incident writes the post-mortem into the repository and closes, in the index too', async () => {
    const s = declare();
    answerAll(s, [...DETECT, ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
    verifyAll(s, deps.now);
    // A note from another terminal, as `incident note` appends it while the TUI runs.
    const other = EventLog.open(incidentDir(deps.store.stateDir, s.id!), { actor: 'bo@desk', now: deps.now });
    other.append({ type: 'note.added', phase: 'verify', data: { text: 'support macro sent to 41 tickets' } });
    other.close();
    answerAll(s, POSTMORTEM, deps.now);
    const done = await waitFor(s.actor, (snap) => snap.status === 'done', { timeout: 5000 });
    const path = done.context.facts!.postmortemPath!;
    expect(path).toBe(join(deps.repo!, 'docs/incidents/2026-11-25-checkout-returns-500.md'));
    const md = readFileSync(path, 'utf8');
    expect(md).toContain('# Post-mortem: Checkout returns 500');
    expect(md).toContain('v2.3.1 read PAYMENT_TIMEOUT, which production does not set');
    expect(md).toContain('Note: support macro sent to 41 tickets');
    expect(md).toMatch(/\| 1 \| Check required env vars in CI \| Prevent \| platform team \| 2026-12-10 \| P1 \|/);
    // The second item took the SEV-2 default due date: 30 days.
    expect(md).toMatch(/\| 2 \| Alert on checkout 5xx above 2% \| Detect \| sre on-call \| 2026-12-2\d \| P2 \|/);
    const types = logOf(s).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['postmortem.written', 'phase.changed', 'incident.closed']);
    await deps.store.flush();
    const reread = await IncidentStore.open(deps.store.stateDir);
    expect(reread.get(s.id!)).toMatchObject({ status: 'closed', severity: 'SEV-2', postmortemPath: path });
  });

  it('a crash while writing the post-mortem: resume writes it again and closes', async () => {
    const s = declare();
    let calls = 0;
    const failing: SessionDeps = { ...deps, writePostmortem: () => (calls++, new Promise(() => undefined)) };
    s.close();
    open.splice(0);
    const hung = track(Session.resume(failing, s.id!));
    answerAll(hung, [...DETECT, ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
    verifyAll(hung, deps.now);
    answerAll(hung, POSTMORTEM, deps.now);
    expect(hung.actor.getSnapshot().value).toEqual({ postmortem: 'writing' });
    expect(calls).toBe(1);
    hung.close();
    open.splice(0);
    const again = track(Session.resume(deps, s.id!));
    const done = await waitFor(again.actor, (snap) => snap.status === 'done', { timeout: 5000 });
    expect(existsSync(done.context.facts!.postmortemPath!)).toBe(true);
  });
});
