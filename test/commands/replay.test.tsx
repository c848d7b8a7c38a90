// `incident replay` on a timeline the real session recorded in a temp state dir.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { replay, parseSpeed, type Mount } from '../../src/commands/replay.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { waitForFrame } from '../helpers/frames.js';
import { answerAll, CONTAIN, DETECT, RESOLVE, TRIAGE } from '../helpers/incident-script.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let services: Services;
const err: string[] = [];
const io: Output = { out: () => undefined, err: (l) => err.push(l) };

beforeEach(async () => {
  tmp = makeTempDir('incident-replay-');
  deps = await makeDeps(tmp.dir);
  services = {
    stateDir: deps.store.stateDir,
    now: deps.now,
    actor: 'ana@laptop',
    host: 'laptop',
    pid: process.pid,
    cwd: tmp.dir,
    repo: null,
  };
});
afterEach(async () => {
  await deps.store.flush();
  tmp.cleanup();
});

describe('incident replay', () => {
  it('plays a recorded incident (still open) to the end, jumps to contain, and quits', async () => {
    const s = Session.fresh(deps);
    s.submit({ type: 'declare', title: 'Checkout returns 500 token=ghp_abcdefghijklmnopqrstuvwxyz0123456789' });
    answerAll(s, [...DETECT, ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
    const id = s.id!;
    s.close();
    await deps.store.flush();

    const frames: string[] = [];
    const mount: Mount = async (element, quit) => {
      const app = render(element);
      try {
        frames.push(await waitForFrame(app.lastFrame, '■ end', 8000));
        app.stdin.write('3');
        frames.push(await waitForFrame(app.lastFrame, /› .*contain +Phase: triage → contain/));
        app.stdin.write('q');
        await quit;
      } finally {
        app.unmount();
      }
    };
    // A prefix is enough; fast, so the whole incident plays in well under a second.
    expect(await replay(services, id.slice(0, 14), { speed: '50' }, io, mount)).toBe(0);
    const [end, contain] = frames;
    expect(end).toContain(' REPLAY ');
    expect(end).toMatch(/Checkout returns 500 token=\S*\*\*\*\*/);
    expect(end).not.toContain('abcdefghijklmnop');
    expect(end).toMatch(/› \d\d:\d\d:\d\d +\+20m verify +Phase: resolve → verify/);
    expect(end).toMatch(/SEV-2 +· +verify/);
    // Started "20 min ago" at detect: the clock counts from then.
    expect(contain).toMatch(/\+20m/);
  });

  it('an unknown id is a clear error; a bad speed is a usage error', async () => {
    await expect(replay(services, 'nope', {}, io, async () => undefined)).rejects.toThrow(/No incident "nope"/);
    expect(() => parseSpeed('fast')).toThrow(/--speed "fast" is not a speed/);
    expect(() => parseSpeed('0')).toThrow(/from 0.1 to 50/);
    expect(parseSpeed('2x')).toBe(2);
    expect(parseSpeed(undefined)).toBe(1);
  });
});
