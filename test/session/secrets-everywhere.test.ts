// Issue 7, "secrets masked in every output": one fake credential of every
// family is planted in the title, a draft, answers, a note, a runbook
// command's output (a real process), a probe's redirects and error (a real
// HTTP server), a commit subject (a real repository) and a status update; a
// whole incident is run in-process; then nothing written, shown or exported
// may hold any of them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { promptFor, type SubmitResult } from '../../src/machine/prompts.js';
import { STEP } from '../../src/machine/steps.js';
import { draftUpdate } from '../../src/domain/status-update.js';
import { VERIFY_ITEMS } from '../../src/domain/verify-checklist.js';
import { runCommand } from '../../src/runbooks/run-command.js';
import { loadRunbookFile } from '../../src/runbooks/load-runbook.js';
import { probeHealth } from '../../src/probes/health-probe.js';
import { findCulprits, toCulpritSummary } from '../../src/git/find-culprits.js';
import { timeline } from '../../src/commands/timeline.js';
import { postmortem } from '../../src/commands/postmortem.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import type { Runbook } from '../../src/domain/runbook.js';
import type { Services } from '../../src/services.js';
import { makeDeps } from '../helpers/session.js';
import { makeTempDir } from '../helpers/temp.js';
import { initRepo } from '../helpers/git-repo.js';
import { startHttp, type TestServer } from '../helpers/servers.js';
import { until } from '../helpers/frames.js';
import { type ScriptedAnswer } from '../helpers/incident-script.js';
import { ALL_PLANTED, leaks, PLANTED } from '../helpers/planted-secrets.js';

const planted = (family: string): string => PLANTED.find((p) => p.family === family)!.text;
/** Every family on one line (a one-line field: a title, a commit subject). */
const ONE_LINE = PLANTED.filter((p) => !p.text.includes('\n'))
  .map((p) => p.text)
  .join(' ; ');

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let server: TestServer;
let session: Session | null = null;
const clipboard: string[] = [];

beforeEach(async () => {
  tmp = makeTempDir('incident-secrets-');
  // The service: its health check redirects with tokens in the query, then to a
  // Location so broken it becomes the probe's error text, tokens and all.
  server = await startHttp((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/health') {
      res.writeHead(302, { location: `/step?${planted('token in a query string').split('?')[1]}&sig=${'PlantedSig0123'}` }).end();
    } else if (url.pathname === '/step') {
      res
        .writeHead(302, { location: `http://127.0.0.1:99999/cb?token=${planted('GitHub app token')}&hook=${planted('Slack webhook URL')}` })
        .end();
    } else res.writeHead(404).end();
  });
  const repo = initRepo(path.join(tmp.dir, 'service'));
  repo.commit({
    message: `chore: rotate ${planted('GitHub classic token')} and ${planted('AWS access key id')}`,
    at: '2026-11-25T01:40:00Z',
  });
  const scripts = path.join(tmp.dir, 'scripts');
  fs.mkdirSync(scripts);
  // A command that prints every family: most to stdout, the key block and a few to stderr.
  const printer = path.join(scripts, 'print-config.js');
  fs.writeFileSync(
    printer,
    `process.stdout.write(${JSON.stringify(`${ALL_PLANTED}\n`)});\nprocess.stderr.write(${JSON.stringify(`${planted('private key block')}\n${planted('JWT')}\n`)});\n`,
  );
  const runbookFile = path.join(scripts, 'print-config.yaml');
  fs.writeFileSync(
    runbookFile,
    [
      'id: print-config',
      'title: Print the config the service sees',
      'summary: Shows the effective configuration.',
      'applies_when: [config]',
      'phase: any',
      'start: show',
      'steps:',
      '  show:',
      `    do: { argv: [node, ${JSON.stringify(printer)}], destructive: false, timeout: 10s }`,
      '    text: Prints it.',
      '    next: done',
      '  done:',
      '    end: { text: Done }',
      '',
    ].join('\n'),
  );
  const runbook = loadRunbookFile(runbookFile, 'flag').runbook as Runbook;
  deps = await makeDeps(tmp.dir, {
    repo: repo.dir,
    runCommand: (argv, o) => runCommand(argv, { ...o, cwd: tmp.dir }),
    findRunbook: (id) => (id === runbook.id ? runbook : null),
    copyToClipboard: async (text) => (clipboard.push(text), 'wl-copy'),
    diagnostics: {
      probe: async (url, purpose, signal) => ({ ...(await probeHealth(url, { samples: 1, timeoutMs: 2000, signal })), purpose }),
      culprits: async (dir, start) => {
        const found = await findCulprits(dir, start, 48);
        if (found.error) throw new Error(found.error);
        return { commits: found.ranked.slice(0, 5).map(toCulpritSummary), note: null };
      },
    },
  });
});

afterEach(async () => {
  session?.close();
  session = null;
  clipboard.length = 0;
  await deps.store.flush();
  await server.close();
  tmp.cleanup();
});

/** Answers what is asked, like the screens do; the revert offered for the ranked commit is declined. */
function answer(s: Session, script: readonly ScriptedAnswer[]): void {
  for (const a of script) {
    let prompt = promptFor(s.actor.getSnapshot(), deps.now());
    if (prompt.step === STEP.rollbackTarget && a.step !== STEP.rollbackTarget) {
      // The screen lists the culprits: their subjects are shown masked.
      expect(leaks(JSON.stringify(prompt))).toEqual([]);
      submit(s, prompt.kind === 'choice' ? prompt.submit('deploy-tool') : null);
      prompt = promptFor(s.actor.getSnapshot(), deps.now());
    }
    expect(prompt.step).toBe(a.step);
    if (prompt.kind !== 'text' && prompt.kind !== 'choice') throw new Error(`${a.step} is a ${prompt.kind} prompt`);
    submit(s, prompt.kind === 'text' ? prompt.submit(a.value, deps.now()) : prompt.submit(a.value));
  }
}

function submit(s: Session, result: SubmitResult | null): void {
  if (!result?.ok) throw new Error(result ? result.error : 'no prompt');
  const outcome = s.submit(result.action);
  if (!outcome.ok) throw new Error(outcome.error);
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out.set(file, fs.readFileSync(file, 'utf8'));
    }
  }
  return out;
}

describe('secrets masked in every output', () => {
  it('none of the planted secrets reaches the timeline, drafts, updates.md, the screens, the clipboard, `incident timeline` or the post-mortem', async () => {
    const s = Session.fresh(deps);
    session = s;
    // Typed before the incident exists: drafted in the state dir, then moved.
    s.drafts.set('detect.title', ONE_LINE);
    s.drafts.flush();
    expect(s.submit({ type: 'declare', title: `Checkout returns 500 — ${planted('GitHub classic token')}` }).ok).toBe(true);
    const serviceUrl = `http://app:${'PlantedUrlPassword77'}@127.0.0.1:${server.port}/health?api_key=${'PlantedApiKey0123'}`;
    answer(s, [
      { step: STEP.url, value: serviceUrl },
      { step: STEP.baseline, value: 'normally 200 in ~120 ms' },
      { step: STEP.started, value: '20 min ago' },
      { step: STEP.detection, value: 'monitoring' },
    ]);
    // A half-typed answer with every family in it, kept as a draft.
    s.drafts.set(STEP.changes, ALL_PLANTED);
    s.drafts.flush();
    answer(s, [{ step: STEP.changes, value: `deployed v2.3.1 at 01:50 with\n${ALL_PLANTED}` }]);
    expect(s.addNote(`pasted from the pod:\n${ALL_PLANTED}`).ok).toBe(true);

    // The probe of the detect URL, and the commits ranked.
    const detected = await waitFor(
      s.actor,
      (snap) => (snap.context.facts?.probes.length ?? 0) > 0 && snap.context.facts?.culprits !== null,
      {
        timeout: 10_000,
      },
    );
    const probe = detected.context.facts!.probes[0]!;
    expect(probe.healthy).toBe(false);
    expect(probe.samples[0]!.error).toMatch(/^redirect with an unusable Location \(http:\/\/127\.0\.0\.1:99999\/cb\?token=\*{4}/);
    expect(probe.samples[0]!.redirects[0]).toMatch(/access_token=\*{4}&sig=\*{4}$/);
    expect(detected.context.facts!.culprits![0]!.subject).toBe('chore: rotate ghp_**** and AKIA****');

    // A runbook command whose output holds every family, on stdout and stderr.
    const runbook = deps.findRunbook!('print-config')!;
    expect(s.startWalk(runbook).ok).toBe(true);
    const run = s.submit({
      type: 'walk.run',
      runbook: runbook.id,
      step: 'show',
      argv: ['node', path.join(tmp.dir, 'scripts', 'print-config.js')],
      timeoutMs: 10_000,
    });
    expect(run.ok).toBe(true);
    await until(() => s.entries.some((e) => e.type === 'runbook.command'), { timeoutMs: 10_000, why: () => 'the command never finished' });
    const output = String(s.entries.find((e) => e.type === 'runbook.command')!.data.output);
    expect(output).toContain('-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----');
    expect(output).toContain('xoxb-****');
    // The walk's screen shows the result from its own state.
    expect(leaks(JSON.stringify(s.walk))).toEqual([]);

    answer(s, [
      { step: 'triage.severity.app_down', value: 'no' },
      { step: 'triage.severity.data_loss', value: 'no' },
      { step: 'triage.severity.core_broken', value: 'yes' },
      { step: STEP.affected, value: `all customers; support saw ${planted('Authorization: Bearer')}` },
      { step: STEP.canMitigate, value: 'yes' },
      { step: STEP.blastRadius, value: 'one-feature' },
      { step: STEP.containOption, value: 'rollback' },
      { step: STEP.rollbackCaution, value: 'none' },
      { step: STEP.containAction, value: `reverted with ${planted('GitLab token')} in the deploy tool` },
      { step: STEP.containOutcome, value: 'mitigated' },
      { step: STEP.hypothesis, value: 'own' },
      { step: STEP.hypothesisText, value: `the deploy leaked ${planted('JWT')}` },
      { step: STEP.evidenceFor, value: `logs show ${planted('Authorization: Bearer')}` },
      { step: STEP.evidenceAgainst, value: '' },
      { step: STEP.hypothesisTest, value: `curl with ${planted('GitHub classic token')}` },
      { step: STEP.hypothesisResult, value: 'confirmed' },
      { step: STEP.rootCause, value: `v2.3.1 logged ${planted('password=')} and ${planted('JSON "password"')}` },
      { step: STEP.fix, value: `rotated; ${planted('env PASSWORD="…"')}` },
    ]);

    // A status update: drafted from what is recorded, plus a pasted line, copied and posted.
    const facts = s.actor.getSnapshot().context.facts!;
    const update = `${draftUpdate('identified', facts, deps.now(), [])}\nDetails: ${ONE_LINE}`;
    expect(await s.copyUpdate(update)).toBe('wl-copy');
    expect(s.submit({ type: 'update.posted', kind: 'identified', text: update }).ok).toBe(true);

    // Verify: the probe still fails (with its tokens), so moving on asks why.
    await waitFor(s.actor, (snap) => snap.context.facts?.probes.some((p) => p.purpose === 'verify') === true, { timeout: 10_000 });
    const verifying = promptFor(s.actor.getSnapshot(), deps.now());
    if (verifying.kind !== 'checklist') throw new Error(`expected the verify checklist, got ${verifying.step}`);
    expect(leaks(JSON.stringify(verifying))).toEqual([]);
    for (const item of VERIFY_ITEMS) {
      const now = promptFor(s.actor.getSnapshot(), deps.now());
      if (now.kind === 'checklist' && !now.items.find((i) => i.id === item.id)!.ticked) expect(s.submit(now.toggle(item.id)).ok).toBe(true);
    }
    const checklist = promptFor(s.actor.getSnapshot(), deps.now());
    submit(s, checklist.kind === 'checklist' ? checklist.submit('continue') : null);
    answer(s, [
      { step: STEP.verifySkipReason, value: `the probe redirects through ${planted('Slack webhook URL')}` },
      { step: STEP.impact, value: `checkouts failed; ${planted('AWS session key id')}` },
      { step: STEP.affectedSystems, value: 'checkout API' },
      { step: STEP.affectedUsers, value: '' },
      { step: STEP.trigger, value: `a deploy with ${planted('AWS session key id')}` },
      { step: STEP.why, value: `the app printed ${planted('password=')}` },
      { step: STEP.why, value: '' },
      { step: STEP.contributing, value: `no scanner for ${planted('Slack bot token')}` },
      { step: STEP.wentWell, value: `alert fired; ${planted('Slack bot token')}` },
      { step: STEP.wentWrong, value: ONE_LINE },
      { step: STEP.lucky, value: `nobody used ${planted('GitLab token')}` },
      { step: STEP.actionWhat, value: `Rotate ${planted('GitHub fine-grained token')}` },
      { step: STEP.actionKind, value: 'prevent' },
      { step: STEP.actionOwner, value: 'platform team' },
      { step: STEP.actionDue, value: '2026-12-10' },
      { step: STEP.actionPriority, value: 'P1' },
      { step: STEP.actionMore, value: 'add' },
      { step: STEP.actionWhat, value: `Scrub logs of ${planted('passwd:')}` },
      { step: STEP.actionKind, value: 'detect' },
      { step: STEP.actionOwner, value: 'sre on-call' },
      { step: STEP.actionDue, value: '' },
      { step: STEP.actionPriority, value: 'P2' },
      { step: STEP.actionMore, value: 'done' },
      { step: STEP.lessons, value: `secrets are not config: ${planted('YAML api_key:')}` },
      { step: STEP.milestones, value: '' },
      { step: STEP.review, value: 'write' },
    ]);
    const done = await waitFor(s.actor, (snap) => snap.status === 'done', { timeout: 10_000 });
    const postmortemFile = done.context.facts!.postmortemPath!;

    // What the screens draw from: the entries, the machine's facts.
    expect(leaks(JSON.stringify(s.entries))).toEqual([]);
    expect(leaks(JSON.stringify(done.context))).toEqual([]);
    expect(leaks(clipboard.join('\n'))).toEqual([]);
    s.close();
    session = null;
    await deps.store.flush();

    // On disk: every file of the state dir (events.jsonl, draft.json, updates.md, index.json …).
    const dir = incidentDir(deps.store.stateDir, s.id!);
    const stored = filesUnder(deps.store.stateDir);
    expect([...stored.keys()].map((f) => path.relative(deps.store.stateDir, f)).sort()).toEqual(
      [
        'index.json',
        ...['draft.json', 'events.jsonl', 'updates.md'].map((f) => path.relative(deps.store.stateDir, path.join(dir, f))),
      ].sort(),
    );
    for (const [file, text] of stored) expect([file, leaks(text)]).toEqual([file, []]);
    // Masked, not dropped: the hints are there.
    const log = stored.get(path.join(dir, 'events.jsonl'))!;
    for (const hint of ['AKIA****', 'ghp_****', 'xoxb-****', 'eyJ****', 'Bearer ****', 'app:****@', 'access_token=****', 'password=****']) {
      expect(log).toContain(hint);
    }
    expect(stored.get(path.join(dir, 'draft.json'))).toContain('glpat-****');
    expect(stored.get(path.join(dir, 'updates.md'))).toContain('Details: AKIA****');

    // Exported: `incident timeline` (text and --json), the post-mortem (as written, and again from the command).
    const services: Services = {
      stateDir: deps.store.stateDir,
      now: deps.now,
      actor: 'ana@laptop',
      host: 'laptop',
      pid: process.pid,
      cwd: tmp.dir,
      repo: deps.repo,
    };
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await timeline(services, s.id!, {}, io)).toBe(0);
    expect(await timeline(services, s.id!, { json: true }, io)).toBe(0);
    expect(await postmortem(services, s.id!, { stdout: true }, io)).toBe(0);
    const printed = out.join('\n');
    expect(printed).toContain('Note: pasted from the pod:');
    expect(leaks(printed)).toEqual([]);
    const md = fs.readFileSync(postmortemFile, 'utf8');
    expect(md).toContain('Rotate github_pat_****');
    expect(leaks(md)).toEqual([]);
  });
});
