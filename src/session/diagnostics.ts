// Diagnostics that run beside the flow and never block it: the health probe
// once a URL is known, the likely culprits once the start time is known, and
// a fresh probe when verify begins. Each result is recorded like an answer, so
// resuming never runs a finished diagnostic again.
import type { CulpritSummary, IncidentFacts, ProbeSummary } from '../domain/incident.js';
import type { EventPhase } from '../domain/types.js';

export interface DiagnosticsDeps {
  /** Probes the URL (credentials used, masked in the summary); never rejects for network problems. */
  probe?: (url: string, purpose: ProbeSummary['purpose'], signal: AbortSignal) => Promise<ProbeSummary>;
  /** Ranks the commits before the start; rejects with a readable message when git cannot answer. */
  culprits?: (repo: string, startedAt: Date, signal: AbortSignal) => Promise<{ commits: CulpritSummary[]; note: string | null }>;
}

export type DiagnosticEvent =
  { type: 'probe.result'; probe: ProbeSummary } | { type: 'culprits.found'; commits: CulpritSummary[]; note: string | null };

/** Seconds between probes while watching after a fix. */
export const WATCH_INTERVAL_MS = 15_000;

export class Diagnostics {
  private readonly running = new Set<string>();
  private readonly abort = new AbortController();
  private watchTimer: NodeJS.Timeout | null = null;
  private watchUntil = 0;
  private verifyProbesSeen = -1;
  private lastPhase: EventPhase | null = null;
  private wasAskingIfMitigated = false;

  constructor(
    private readonly deps: DiagnosticsDeps,
    private readonly record: (event: DiagnosticEvent) => void,
    private readonly notify: () => void,
  ) {}

  get busy(): string[] {
    return [...this.running];
  }

  get watchingUntil(): number | null {
    return this.watchTimer ? this.watchUntil : null;
  }

  /** Starts whatever the facts now make possible and is not yet recorded. */
  update(facts: IncidentFacts | null, phase: EventPhase, repo: string | null, secretUrl: string | null, askingIfMitigated = false): void {
    if (!facts) return;
    const { probe, culprits } = this.deps;
    // The stored URL is masked; the one typed this session still has its credentials.
    const url = facts.url ? (secretUrl ?? facts.url) : null;
    if (probe && url && !facts.probes.some((p) => p.purpose === 'detect')) this.start('detect-probe', () => this.runProbe(url, 'detect'));
    // Each new phase before verify looks at the site again, so the status line is never an hour old.
    const entered = this.lastPhase !== null && phase !== this.lastPhase;
    this.lastPhase = phase;
    if (probe && url && entered && (phase === 'triage' || phase === 'contain' || phase === 'resolve'))
      this.start('recheck-probe', () => this.runProbe(url, 'recheck'));
    // "Has the impact stopped?" is answered better with a fresh look at the site: its own key, so a
    // look begun before the fix (on entering contain) cannot stand in for it.
    if (askingIfMitigated && !this.wasAskingIfMitigated && probe && url) this.start('outcome-probe', () => this.runProbe(url, 'recheck'));
    this.wasAskingIfMitigated = askingIfMitigated;
    if (culprits && repo && facts.culprits === null && (facts.startedAt || phase !== 'detect')) {
      const start = new Date(facts.startedAt ?? facts.declaredAt);
      this.start('culprits', async () => {
        try {
          const found = await culprits(repo, start, this.abort.signal);
          this.record({ type: 'culprits.found', ...found });
        } catch (error) {
          this.record({ type: 'culprits.found', commits: [], note: error instanceof Error ? error.message : String(error) });
        }
      });
    }
    // Each entry into verify gets one fresh probe (going back to contain and returning probes again).
    if (probe && url && phase === 'verify') {
      const verifyProbes = facts.probes.filter((p) => p.purpose === 'verify').length;
      if (this.verifyProbesSeen === -1 || verifyProbes < this.verifyProbesSeen) this.verifyProbesSeen = verifyProbes;
      if (verifyProbes === this.verifyProbesSeen) this.start('verify-probe', () => this.runProbe(url, 'verify'));
    } else if (phase !== 'verify') {
      this.verifyProbesSeen = -1;
      // Watching is for verify: going back to contain, or closing, stops it.
      if (this.watchTimer) this.stopWatch();
    }
  }

  /** Probes every WATCH_INTERVAL_MS for `minutes`, recording each result. */
  watch(url: string, minutes: number, now: () => Date): void {
    this.stopWatch();
    this.watchUntil = now().getTime() + minutes * 60_000;
    const tick = () => {
      if (now().getTime() >= this.watchUntil) return this.stopWatch();
      this.start('watch-probe', () => this.runProbe(url, 'watch'));
    };
    this.watchTimer = setInterval(tick, WATCH_INTERVAL_MS);
    this.watchTimer.unref();
    tick();
    this.notify();
  }

  stopWatch(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    this.notify();
  }

  stop(): void {
    this.stopWatch();
    this.abort.abort();
  }

  private async runProbe(url: string, purpose: ProbeSummary['purpose']): Promise<void> {
    const result = await this.deps.probe!(url, purpose, this.abort.signal);
    if (!this.abort.signal.aborted) this.record({ type: 'probe.result', probe: result });
  }

  private start(key: string, task: () => Promise<void>): void {
    if (this.running.has(key) || this.abort.signal.aborted) return;
    this.running.add(key);
    this.notify();
    void task()
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(key);
        this.notify();
      });
  }
}
