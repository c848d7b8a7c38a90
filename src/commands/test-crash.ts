// TEST ONLY. `INCIDENT_TEST_CRASH=after-declare` makes the guided mode throw an
// uncaught error once the incident is declared (`after-declare-rejection`: an
// unhandled rejection), so the end-to-end tests can check what a real crash
// leaves behind: one line, a debug log, the timeline intact. Nothing else reads
// this variable; unset, it costs one lookup.
import type { TimelineEntry } from '../domain/types.js';

interface Watched {
  readonly entries: readonly TimelineEntry[];
  subscribeEntries(listener: () => void): () => void;
}

export function armTestCrash(env: NodeJS.ProcessEnv, session: Watched): void {
  const mode = env.INCIDENT_TEST_CRASH;
  if (mode !== 'after-declare' && mode !== 'after-declare-rejection') return;
  // A secret in the message: the one line and the debug log must both mask it.
  const error = new Error(`INCIDENT_TEST_CRASH=${mode}: a deliberate crash (test only), password=hunter2-test`);
  const unsubscribe = session.subscribeEntries(() => {
    if (!session.entries.some((e) => e.type === 'incident.declared')) return;
    unsubscribe();
    setImmediate(() => {
      if (mode === 'after-declare') throw error;
      void Promise.reject(error);
    });
  });
}
