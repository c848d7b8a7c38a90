// Cleans up running drills when the process ends some other way than
// drill.stop(): on exit (process.exit included) and on SIGINT, SIGTERM and
// SIGHUP. Only synchronous work is possible then, so a hook removes files;
// the servers and timers die with the process.
//
// A listener for a signal replaces Node's default of exiting. So when ours
// is the only one, it cleans up, steps aside and sends the signal again: the
// process ends as it would have (exit 130, 143, 129). When someone else also
// listens (the TUI flushes its log, then exits; the editor lender ignores
// SIGINT on purpose), they decide, and our exit hook runs if they exit.

type Cleanup = () => void;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const hooks = new Set<Cleanup>();
const onSignal = new Map<NodeJS.Signals, () => void>();

function runAll(): void {
  for (const hook of [...hooks]) {
    hooks.delete(hook);
    try {
      hook();
    } catch {
      // One failed removal must not keep the others from running.
    }
  }
  uninstall();
}

function install(): void {
  process.on('exit', runAll);
  for (const signal of SIGNALS) {
    const listener = (): void => {
      // Someone else listens too: they decide (and may still need the folder, as the TUI does to keep
      // a drill's post-mortem); the 'exit' hook cleans up when they exit.
      if (process.listenerCount(signal) > 1) return;
      runAll();
      process.kill(process.pid, signal);
    };
    onSignal.set(signal, listener);
    process.on(signal, listener);
  }
}

function uninstall(): void {
  process.off('exit', runAll);
  for (const [signal, listener] of onSignal) process.off(signal, listener);
  onSignal.clear();
}

/** Runs `cleanup` (synchronously) if the process ends before the returned function is called. */
export function onProcessEnd(cleanup: Cleanup): () => void {
  if (hooks.size === 0) install();
  hooks.add(cleanup);
  return () => {
    if (!hooks.delete(cleanup)) return;
    if (hooks.size === 0) uninstall();
  };
}

/** For tests: how many cleanups are waiting. */
export const pendingProcessEndHooks = (): number => hooks.size;
