import { afterEach, beforeEach } from 'vitest';
import type { Session, SessionDeps } from '../../src/session/incident-session.js';
import { makeTempDir } from './temp.js';
import { makeDeps } from './session.js';

export interface SessionFixture {
  /** The test's temp folder (state in `<dir>/state`, a git repository in `<dir>/repo`). */
  dir: string;
  deps: SessionDeps;
  /** The session under test: closed (lock released, drafts flushed) after each test. */
  session: Session | null;
}

/**
 * For the tests that drive a real Session (and the app on it): a fresh temp
 * folder and deps before each test, and everything closed, flushed and
 * removed after it.
 */
export function useSessionFixture(prefix: string, overrides: () => Partial<SessionDeps> = () => ({})): SessionFixture {
  const fx = { session: null } as SessionFixture;
  let cleanup = (): void => undefined;
  beforeEach(async () => {
    const tmp = makeTempDir(prefix);
    cleanup = tmp.cleanup;
    fx.dir = tmp.dir;
    fx.deps = await makeDeps(tmp.dir, overrides());
  });
  afterEach(async () => {
    fx.session?.close();
    fx.session = null;
    await fx.deps.store.flush();
    cleanup();
  });
  return fx;
}
