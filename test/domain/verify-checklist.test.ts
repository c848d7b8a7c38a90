import { describe, expect, it } from 'vitest';
import { untickedItems, VERIFY_ITEMS, verifyItem } from '../../src/domain/verify-checklist.js';

const ALL = [
  'original-error-gone',
  'users-complete-workflow',
  'error-rate-baseline',
  'no-new-errors',
  'monitoring-confirms',
  'fix-in-production',
];

describe('VERIFY_ITEMS', () => {
  it('has six items with stable ids', () => {
    expect(VERIFY_ITEMS.map((i) => i.id)).toEqual(ALL);
  });
  it.each([
    ['original-error-gone', /original error/],
    ['users-complete-workflow', /complete the affected workflow/],
    ['error-rate-baseline', /baseline/],
    ['no-new-errors', /No new errors in the logs/],
    ['monitoring-confirms', /Monitoring confirms/],
    ['fix-in-production', /deployed to production/],
  ])('%s', (id, text) => {
    expect(verifyItem(id)?.text).toMatch(text);
  });
});

describe('untickedItems', () => {
  it.each<[string[], string[]]>([
    [[], ALL],
    [ALL, []],
    [
      ['no-new-errors', 'original-error-gone'],
      ['users-complete-workflow', 'error-rate-baseline', 'monitoring-confirms', 'fix-in-production'],
    ],
    [['unknown-id', 'fix-in-production', 'fix-in-production'], ALL.slice(0, 5)],
  ])('ticked %j → unticked %j', (ticked, unticked) => {
    expect(untickedItems(ticked).map((i) => i.id)).toEqual(unticked);
  });
});
