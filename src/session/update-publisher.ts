// A posted status update, also sent to the team's webhook when one is
// configured: in the background, retried, each outcome written into the
// timeline (`update.sent` / `update.failed`). The URL never leaves this
// object and the sender; what is recorded names the host and the variable.
import type { WebhookTarget } from '../config/load-config.js';
import type { UpdatePayload } from '../notify/webhook.js';
import type { NewEntry } from '../domain/types.js';
import type { SendOutcome, UpdateSender } from './update-sender.js';

export interface UpdateWebhook {
  target: WebhookTarget;
  /** Waits before each attempt (tests shorten them). */
  delaysMs?: readonly number[];
}

export class UpdatePublisher {
  // Loaded with the first update: the HTTP client (undici) stays off the start-up path.
  private sender: Promise<UpdateSender> | null = null;
  private current: UpdateSender | null = null;
  private closed = false;
  private readonly waiting: UpdatePayload[] = [];

  constructor(
    private readonly webhook: UpdateWebhook | null,
    private readonly record: (entry: NewEntry) => void,
  ) {}

  private start(webhook: UpdateWebhook): Promise<UpdateSender> {
    this.sender ??= import('./update-sender.js').then(
      ({ UpdateSender }) =>
        (this.current = new UpdateSender({
          target: webhook.target,
          delaysMs: webhook.delaysMs,
          onOutcome: (outcome, payload) => this.record(outcomeEntry(outcome, payload, webhook.target)),
          // Said at once, not a minute later when the last retry ends: whoever runs comms may post by hand meanwhile.
          onRetry: (retry, payload) =>
            this.record({
              type: 'update.retrying',
              phase: 'detect',
              data: {
                kind: payload.kind,
                channel: webhook.target.host,
                via: `$${webhook.target.envName}`,
                attempts: retry.attempts,
                error: retry.error,
                nextInSeconds: Math.round(retry.nextInMs / 1000),
              },
            }),
        })),
    );
    return this.sender;
  }

  /** Where updates go besides the clipboard and updates.md ("hooks.slack.com"), null without a webhook. */
  get channel(): string | null {
    return this.webhook ? this.webhook.target.host : null;
  }

  publish(payload: UpdatePayload): void {
    if (!this.webhook || this.closed) return;
    this.waiting.push(payload);
    void this.start(this.webhook).then((sender) => {
      const i = this.waiting.indexOf(payload);
      if (i === -1 || this.closed) return;
      this.waiting.splice(i, 1);
      sender.send(payload);
    });
  }

  /** Leaving: what was still being tried (or not yet started) is recorded as not sent, then everything stops. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.waiting, ...(this.current?.pending ?? [])];
    void this.sender?.then((sender) => sender.stop());
    this.waiting.length = 0;
    for (const payload of pending) {
      this.record({
        type: 'update.failed',
        phase: 'closed',
        data: {
          kind: payload.kind,
          channel: this.channel,
          attempts: null,
          error: 'not sent: the incident was left before the webhook answered',
        },
      });
    }
  }
}

function outcomeEntry(outcome: SendOutcome, payload: UpdatePayload, target: WebhookTarget): NewEntry {
  // The phase is filled in by the session (where the incident stands when the answer comes back).
  const base = { kind: payload.kind, channel: target.host, via: `$${target.envName}`, attempts: outcome.attempts, postedAt: payload.at };
  return outcome.kind === 'sent'
    ? { type: 'update.sent', phase: 'detect', data: { ...base, status: outcome.status } }
    : { type: 'update.failed', phase: 'detect', data: { ...base, error: outcome.error } };
}
