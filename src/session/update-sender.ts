// Posts status updates to the configured webhook in the background: the
// engineer is never kept waiting on a slow or broken webhook, and a failed
// post is tried again (by default at 0 s, 10 s and 60 s) before it is given
// up. Each update ends in exactly one outcome, reported through `onOutcome`;
// the caller records it (`update.sent` / `update.failed`). The update itself
// is already shown, copied and in updates.md, so a webhook failure loses
// nothing: it only means stakeholders did not get it from here.
//
// `stop()` ends everything at once (timers cleared, requests aborted, their
// sockets closed) and reports no outcome afterwards, so the process can exit
// right after the user quits. Retry timers are unref'd for the same reason:
// a forgotten stop() never keeps the process alive for a minute.
import type { WebhookTarget } from '../config/load-config.js';
import { postUpdate, type PostResult, type UpdatePayload } from '../notify/webhook.js';

export type SendOutcome = { kind: 'sent'; attempts: number; status: number } | { kind: 'failed'; attempts: number; error: string };

/** Delays before each attempt: the first right away, then two retries. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 10_000, 60_000];

export interface UpdateSenderOptions {
  target: Pick<WebhookTarget, 'url' | 'envName' | 'format' | 'timeoutMs'>;
  /** Called once per update, never after stop(). */
  onOutcome: (outcome: SendOutcome, payload: UpdatePayload) => void;
  /** After a failed attempt that will be tried again: for a "retrying in 10 s" line. */
  onRetry?: (info: { attempts: number; error: string; nextInMs: number }, payload: UpdatePayload) => void;
  /** One entry per attempt (at least one): the wait before it. A server's Retry-After can only lengthen a wait. */
  delaysMs?: readonly number[];
}

interface Job {
  payload: UpdatePayload;
  attempts: number;
  timer: NodeJS.Timeout | null;
  controller: AbortController | null;
  inflight: Promise<PostResult> | null;
}

export class UpdateSender {
  private readonly jobs = new Set<Job>();
  private readonly delays: readonly number[];
  private stopped = false;

  constructor(private readonly opts: UpdateSenderOptions) {
    this.delays = opts.delaysMs && opts.delaysMs.length > 0 ? opts.delaysMs : DEFAULT_RETRY_DELAYS_MS;
  }

  /** Starts sending and returns at once; false when the sender is stopped. */
  send(payload: UpdatePayload): boolean {
    if (this.stopped) return false;
    const job: Job = { payload, attempts: 0, timer: null, controller: null, inflight: null };
    this.jobs.add(job);
    this.schedule(job, this.delays[0]!);
    return true;
  }

  /** Updates not yet sent or given up. */
  get pending(): readonly UpdatePayload[] {
    return [...this.jobs].map((j) => j.payload);
  }

  /**
   * Stops every timer and aborts every request; settles once their sockets
   * are closed. Returns the updates that were abandoned (no outcome will be
   * reported for them): the caller may record them as not posted.
   */
  async stop(): Promise<UpdatePayload[]> {
    this.stopped = true;
    const abandoned = [...this.jobs];
    this.jobs.clear();
    for (const job of abandoned) {
      if (job.timer !== null) clearTimeout(job.timer);
      job.timer = null;
      job.controller?.abort();
    }
    await Promise.all(abandoned.map((j) => j.inflight?.catch(() => undefined)));
    return abandoned.map((j) => j.payload);
  }

  private schedule(job: Job, delayMs: number): void {
    job.timer = setTimeout(() => {
      job.timer = null;
      void this.attempt(job);
    }, delayMs);
    job.timer.unref();
  }

  private async attempt(job: Job): Promise<void> {
    if (this.stopped || !this.jobs.has(job)) return;
    job.attempts++;
    job.controller = new AbortController();
    const { url, envName, format, timeoutMs } = this.opts.target;
    job.inflight = postUpdate(url, job.payload, { timeoutMs, format, envName, signal: job.controller.signal });
    const result = await job.inflight;
    job.controller = null;
    job.inflight = null;
    if (this.stopped || !this.jobs.has(job)) return;
    if (result.ok) return this.finish(job, { kind: 'sent', attempts: job.attempts, status: result.status });
    if (!result.retryable || job.attempts >= this.delays.length) {
      return this.finish(job, { kind: 'failed', attempts: job.attempts, error: result.error });
    }
    const nextInMs = Math.max(this.delays[job.attempts]!, result.retryAfterMs ?? 0);
    this.schedule(job, nextInMs);
    this.opts.onRetry?.({ attempts: job.attempts, error: result.error, nextInMs }, job.payload);
  }

  private finish(job: Job, outcome: SendOutcome): void {
    this.jobs.delete(job);
    this.opts.onOutcome(outcome, job.payload);
  }
}
