import { describe, expect, it } from 'vitest';
import { deliveryLine, isDeliveryEntry } from '../../src/domain/update-delivery.js';
import type { TimelineEntry } from '../../src/domain/types.js';

const entry = (type: string, data: Record<string, unknown>): TimelineEntry => ({
  id: '01J0000000000000000000000',
  seq: 1,
  at: '2026-11-25T02:10:00.000Z',
  phase: 'triage',
  type,
  actor: 'ana@laptop',
  data,
});

describe('what the status line says about a webhook delivery', () => {
  it.each([
    [entry('update.sent', { channel: 'hooks.slack.com', status: 200 }), '✓ status update sent to hooks.slack.com', 'good'],
    [
      entry('update.retrying', { channel: 'hooks.slack.com', error: 'HTTP 500', attempts: 1, nextInSeconds: 10 }),
      '⚠ status update not sent to hooks.slack.com yet: HTTP 500. Trying again in 10 s.',
      'error',
    ],
    [
      entry('update.retrying', { channel: 'hooks.slack.com', error: 'timed out', attempts: 1, nextInSeconds: 0 }),
      '⚠ status update not sent to hooks.slack.com yet: timed out. Trying again.',
      'error',
    ],
    [
      entry('update.failed', { channel: 'hooks.slack.com', error: 'HTTP 404' }),
      '⚠ status update not sent to hooks.slack.com: HTTP 404. It is in updates.md: post it by hand.',
      'error',
    ],
  ])('%#: %s', (e, text, tone) => {
    expect(isDeliveryEntry(e)).toBe(true);
    expect(deliveryLine(e)).toEqual({ text, tone });
  });

  it('other entries are not deliveries', () => {
    expect(isDeliveryEntry(entry('update.posted', { kind: 'investigating' }))).toBe(false);
  });
});
