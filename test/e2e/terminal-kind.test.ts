// What `incident` (the guided mode) does when it is not at an ordinary
// interactive terminal: no TTY at all, stdin redirected, or CI set.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from '../helpers/tmux.js';
import { runCli, STACK_TRACE, startTui, type Workspace, useE2e } from './support.js';

describe('e2e: the guided mode without a terminal', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('with no TTY (pipes only) exits 2 with one line on stderr and no stack trace', async () => {
    const r = await runCli(cli, ws, []);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^incident: [^\n]*interactive terminal[^\n]*\n$/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    // Nothing was started, so nothing was written.
    expect(fs.readdirSync(ws.state)).toEqual([]);
  });

  it.skipIf(!hasTmux)('with stdin redirected at a real terminal exits 2 with the same one line, not a React error', async () => {
    const term = await Terminal.start({
      command: ['sh', '-c', 'exec "$0" "$1" </dev/null', process.execPath, cli],
      cwd: ws.repo,
      env: { INCIDENT_STATE_DIR: ws.state },
    });
    const { status, screen } = await term.waitForExit();
    expect(status).toBe(2);
    expect(screen.trim()).toMatch(/^incident: [^\n]*interactive terminal[^\n]*$/);
    expect(screen).not.toMatch(STACK_TRACE);
    expect(screen).not.toContain('Raw mode is not supported');
  });

  it.skipIf(!hasTmux)('with CI set at a real terminal still draws the screen', async () => {
    for (const ci of ['true', '']) {
      const term = await startTui(cli, ws, { env: { CI: ci } });
      await term.waitFor(['What is broken?', '^C leave']);
      await term.press('C-c');
      expect((await term.waitForExit()).status).toBe(0);
      await term.kill();
    }
  });
});
