// What the status line says when the webhook answers about a status update:
// sent, not sent yet and being tried again, or given up. Pure.
import type { TimelineEntry } from './types.js';

const DELIVERY_TYPES = new Set(['update.sent', 'update.retrying', 'update.failed']);

export function isDeliveryEntry(entry: TimelineEntry): boolean {
  return DELIVERY_TYPES.has(entry.type);
}

export function deliveryLine(entry: TimelineEntry): { text: string; tone: 'good' | 'error' } {
  const where = typeof entry.data.channel === 'string' ? entry.data.channel : 'the webhook';
  if (entry.type === 'update.sent') return { text: `✓ status update sent to ${where}`, tone: 'good' };
  const error = typeof entry.data.error === 'string' ? entry.data.error : 'no answer';
  if (entry.type === 'update.retrying') {
    const next = typeof entry.data.nextInSeconds === 'number' && entry.data.nextInSeconds > 0 ? ` in ${entry.data.nextInSeconds} s` : '';
    return { text: `⚠ status update not sent to ${where} yet: ${error}. Trying again${next}.`, tone: 'error' };
  }
  return { text: `⚠ status update not sent to ${where}: ${error}. It is in updates.md: post it by hand.`, tone: 'error' };
}
