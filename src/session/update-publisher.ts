// A posted status update, also sent to the team's webhook when one is
// configured: in the background, retried, each outcome written into the
// timeline (`update.sent` / `update.failed`). The URL never leaves this
// object and the sender; what is recorded names the host and the variable.
import type { WebhookTarget } from '../config/load-config.js';
import type { UpdatePayload } from '../notify/webhook.js';
import type { NewEntry } from '../domain/types.js';
import { UpdateSender, type SendOutcome } from './update-sender.js';

export interface UpdateWebhook {
  target: WebhookTarget;
  /** Waits before each attempt (tests shorten them). */
  delaysMs?: readonly number[];
}

export class UpdatePublisher {
  private readonly sender: UpdateSender | null;

  constructor(
    private readonly webhook: UpdateWebhook | null,
    private readonly record: (entry: NewEntry) => void,
  ) {
    this.sender = webhook
      ? new UpdateSender({
          target: webhook.target,
          delaysMs: webhook.delaysMs,
          onOutcome: (outcome, payload) => this.record(outcomeEntry(outcome, payload, webhook.target)),
        })
      : null;
  }

  /** Where updates go besides the clipboard and updates.md ("hooks.slack.com"), null without a webhook. */
  get channel(): string | null {
    return this.webhook ? this.webhook.target.host : null;
  }

  publish(payload: UpdatePayload): void {
    this.sender?.send(payload);
  }

  /** Leaving: what was still being tried is recorded as not sent, then everything stops. */
  close(): void {
    if (!this.sender) return;
    for (const payload of this.sender.pending) {
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
    void this.sender.stop();
  }
}

function outcomeEntry(outcome: SendOutcome, payload: UpdatePayload, target: WebhookTarget): NewEntry {
  // The phase is filled in by the session (where the incident stands when the answer comes back).
  const base = { kind: payload.kind, channel: target.host, via: `$${target.envName}`, attempts: outcome.attempts, postedAt: payload.at };
  return outcome.kind === 'sent'
    ? { type: 'update.sent', phase: 'detect', data: { ...base, status: outcome.status } }
    : { type: 'update.failed', phase: 'detect', data: { ...base, error: outcome.error } };
}
