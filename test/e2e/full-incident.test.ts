// One whole incident through the real TUI in tmux, from "What is broken?" to
// the written post-mortem, then checked from the outside: the file in the repo,
// `incident timeline --json` and `incident list --json`.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import {
  answer,
  choose,
  cliJson,
  flat,
  STACK_TRACE,
  startTui,
  type IncidentRow,
  type TimelineEvent,
  type Workspace,
  useE2e,
} from './support.js';

describe.skipIf(!hasTmux)('e2e: a whole incident, declare to post-mortem', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('walks every phase in the TUI and leaves a post-mortem, a complete timeline and a closed incident', async () => {
    // The service: a real server on loopback that fails until the fix "ships".
    let fixed = false;
    const server = http.createServer((_req, res) => {
      res.writeHead(fixed ? 200 : 500);
      res.end(fixed ? 'ok' : 'boom');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    onTestFinished(() => void server.close());
    const term = await startTui(cli, ws);

    // detect
    await term.waitFor(['What is broken?', '^C leave']);
    await answer(term, 'Checkout returns 500', ['Production URL', /INCIDENT\s+Checkout returns 500/]);
    await answer(term, url, ['What is normal for it?', /Site \d\d:\d\d: ✗ HTTP 500/]);
    await answer(term, 'normally 200 in ~120 ms', 'When did it start?');
    await answer(term, '10 min ago', ['How was it detected?', /Started .*\d\d:\d\d/]);
    await choose(term, '1', 'What changed recently?');
    // Text and Enter in one chunk, as a paste or `send-keys 'text' Enter` delivers them (§4).
    await term.type('deployed v2.3.1\r');
    await term.waitFor('Is the app completely down');

    // triage: the severity tree (1 = Yes, 2 = No); "core workflow broken" decides SEV-2
    await choose(term, '2', 'Is there data loss, data corruption or a security breach?');
    await choose(term, '2', 'Is a core workflow broken?');
    const sev = await choose(term, '1', 'Who is affected?');
    expect(sev).toMatch(/^SEV-2 /m);
    expect(sev).toContain('Decided by:');
    await answer(term, 'all EU customers', [
      'Can we mitigate now?',
      /Who is affected\?\s+all EU customers/,
      /What changed\?\s+deployed v2\.3\.1/,
    ]);
    await choose(term, '1', 'Blast radius: how far does it reach?');
    const contain = await choose(term, '3', 'Contain: what is the fastest safe way to stop the impact?');
    expect(contain).toMatch(/1\. Roll back the last deploy \(recommended\)/);

    // contain
    await choose(term, '1', 'When NOT to roll back — does any of these apply?');
    await choose(term, '1', /What did you do to roll back the last deploy\?/);
    await answer(term, 'redeployed v2.3.0', 'Has the impact stopped?');
    await choose(term, '1', 'What do you think is causing it?');

    // resolve: the hypothesis log, then the root cause
    await choose(term, '1', 'Evidence for it?');
    await answer(term, 'errors began right after the deploy', 'Evidence against it?');
    await answer(term, '', 'How will you test it?');
    await answer(term, 'read the config of v2.3.1', 'What did the test show?');
    await choose(term, '1', ['Root cause, in one sentence', 'Confirmed hypothesis:']);
    await answer(term, 'v2.3.1 read a config key that production does not set', 'The fix (what was changed, and where)');
    fixed = true;
    await answer(term, 'PR 482 adds the key with a safe default', 'Verify: is it really fixed?');
    // Verify probes again: healthy now, and the checks it proves are ticked with it as evidence.
    await term.waitFor([/Site \d\d:\d\d: ✓ HTTP 200/, '✓ status: HTTP 200 (baseline 200)', '1. [x] The original error no longer occurs']);

    // verify: the probe ticked 1 and 3; tick the other four by number, then Enter on the action row
    let screen = await term.waitFor('Continue with 4 unticked');
    const items = [...screen.matchAll(/\d\. \[[ x]\] (.+)$/gm)].map((m) => m[1]!.trim());
    expect(items).toHaveLength(6);
    expect(screen).toMatch(/3\. \[x\] Error rates are back to baseline/);
    for (const [key, left] of [
      ['2', 3],
      ['4', 2],
      ['5', 1],
    ] as const) {
      await term.press(key);
      await term.waitFor(`Continue with ${left} unticked`);
    }
    await term.press('6');
    await term.waitFor('Verified — write the post-mortem');
    await term.press('Down');
    await term.waitFor('❯ Verified — write the post-mortem');
    expect(await term.screen()).not.toContain('[ ]');
    await term.press('Enter');

    // post-mortem
    await term.waitFor(['Impact: what happened to users, and how much?', /resolved after/]);
    await answer(term, 'about 18% of checkouts failed for 10 minutes', 'Affected systems');
    await answer(term, 'checkout API', ['Affected users', 'all EU customers   (Enter keeps this)']);
    await answer(term, '', 'What triggered it?'); // Enter keeps what triage said
    await answer(term, 'the v2.3.1 deploy', 'Why 1 of 5');
    await answer(term, 'the service could not read a config key', 'Why 2 of 5: why did "the service could not read a config key" happen?');
    await answer(term, 'production does not set it', 'Why 3 of 5');
    await answer(term, '', 'Contributing factors');
    await answer(term, 'no config check in CI', 'What went well?');
    await answer(term, 'the rollback took two minutes', 'What went wrong?');
    await answer(term, 'no alert on missing config keys', 'Where did we get lucky?');
    await answer(term, 'it happened at night', 'Action item 1: what will prevent this');
    await answer(term, 'alert on checkout 5xx rate above 2%', 'Action item 1: what kind?');
    await choose(term, '2', 'Action item 1: owner');
    await answer(term, 'payments team', 'Action item 1: due date');
    await answer(term, '', 'Action item 1: priority');
    screen = await choose(term, '2', [
      'Another action item?',
      /1\. \[P2\] alert on checkout 5xx rate above 2% — detect, payments team, due \w{3} \d{4}-\d\d-\d\d/,
    ]); // the due date: Enter = the SEV-2 default
    const due1 = /due \w{3} (\d{4}-\d\d-\d\d)/.exec(screen)![1]!;
    // "Done" is refused with one item: at least two are required.
    await term.press('2');
    await term.waitFor('At least two action items are needed (1 so far)');
    await choose(term, '1', 'Action item 2: what will prevent this');
    await answer(term, 'lint config keys in CI', 'Action item 2: what kind?');
    await choose(term, '1', 'Action item 2: owner');
    await answer(term, 'platform team', 'Action item 2: due date');
    await answer(term, 'in 2 weeks', ['Action item 2: priority', 'P1 — before anything else; this can happen again any day (recommended)']);
    screen = await term
      .press('Enter')
      .then(() =>
        term.waitFor(['Another action item?', /2\. \[P1\] lint config keys in CI — prevent, platform team, due \w{3} \d{4}-\d\d-\d\d/]),
      );
    const due2 = /2\. \[P1\] lint config keys in CI — prevent, platform team, due \w{3} (\d{4}-\d\d-\d\d)/.exec(screen)![1]!;
    await choose(term, '2', 'Lessons learned');
    screen = await answer(term, 'check config against production before deploying', 'Milestones: is each time right?');
    expect(screen).toMatch(/TTD \S+ · TTA \S+ · TTM \S+ · TTR \S+/);
    await answer(term, 'detected 1 min ago', ['Detected', '· corrected']);
    screen = await answer(term, '', 'Write the post-mortem and close the incident?');
    expect(screen).toContain('Root cause: v2.3.1 read a config key that production does not set');
    expect(screen).toContain('2 action items');
    const rel = /Write (docs\/incidents\/\d{4}-\d\d-\d\d-checkout-returns-500\.md) and close the incident/.exec(screen)?.[1];
    expect(rel, 'the review screen names the post-mortem file').toBeDefined();

    screen = await choose(term, '1', 'Incident closed.');
    const file = path.join(ws.repo, rel!);
    expect(flat(screen)).toContain(`Post-mortem written to: ${rel}`); // Ink wraps the long path
    expect(screen).not.toMatch(STACK_TRACE);

    await term.press('q');
    const exit = await term.waitForExit();
    expect(exit.status).toBe(0);
    expect(exit.screen).toMatch(/Incident \d{4}-\d\d-\d\d-checkout-returns-500 closed\. Post-mortem: /);

    // The post-mortem in the repo
    expect(fs.readdirSync(path.join(ws.repo, 'docs', 'incidents'))).toEqual([path.basename(file)]);
    const md = fs.readFileSync(file, 'utf8');
    expect(md).toMatch(/^# Post-mortem: Checkout returns 500$/m);
    expect(md).toMatch(/SEV-2/);
    expect(md).toMatch(/## Root cause and contributing factors\s+v2\.3\.1 read a config key that production does not set/);
    expect(md).toContain('Confirmed by testing the hypothesis');
    expect(md).toMatch(
      /## Five whys\s+Problem: .*\n\n1\. \*\*Why\?\*\* the service could not read a config key\n2\. \*\*Why\?\*\* production does not set it/,
    );
    expect(md).toContain('PR 482 adds the key with a safe default');
    expect(md).toContain('about 18% of checkouts failed for 10 minutes');
    expect(md).toContain(url);
    expect(md).toMatch(
      new RegExp(
        /\|\s*1\s*\|\s*alert on checkout 5xx rate above 2%\s*\|\s*Detect\s*\|\s*payments team\s*\|\s*/.source +
          due1 +
          /\s*\|\s*P2\s*\|/.source,
      ),
    );
    expect(md).toMatch(
      new RegExp(
        /\|\s*2\s*\|\s*lint config keys in CI\s*\|\s*Prevent\s*\|\s*platform team\s*\|\s*/.source + due2 + /\s*\|\s*P1\s*\|/.source,
      ),
    );
    expect(md).toContain('check config against production before deploying');
    for (const label of items) expect(md).toContain(`- [x] ${label}`);

    // The timeline, from another process: declared first, closed last, the milestones in order
    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline']);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('incident.declared');
    expect(types.at(-1)).toBe('incident.closed');
    const milestones = ['incident.declared', 'severity.set', 'mitigated', 'resolved', 'postmortem.written', 'incident.closed'];
    expect(types.filter((t) => milestones.includes(t))).toEqual(milestones);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.find((e) => e.type === 'incident.declared')?.data.title).toBe('Checkout returns 500');
    const answers = events.filter((e) => e.type === 'answer').map((e) => e.data.value);
    expect(answers).toContain('deployed v2.3.1'); // the pasted line arrived whole, once
    expect(answers.filter((v) => typeof v === 'string' && v.includes('deployed v2.3.1'))).toHaveLength(1);

    // The index
    const list = await cliJson<IncidentRow[]>(cli, ws, ['list']);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: 'Checkout returns 500', severity: 'SEV-2', status: 'closed' });
    expect(list[0]!.postmortemPath).toBe(file);
  });
});
