import { describe, expect, it } from 'vitest';
import { missingForPostmortem } from '../../src/postmortem/missing.js';
import { emptyFacts, type ActionItem } from '../../src/domain/incident.js';

function facts(rootCause: string | null, actionItems: ActionItem[]) {
  const f = emptyFacts({
    id: 'inc-1',
    title: 'Checkout returns 500',
    declaredAt: '2026-11-25T02:10:00.000Z',
    actor: 'ana@laptop',
    repo: null,
  });
  return { ...f, rootCause, postmortem: { ...f.postmortem, actionItems } };
}

const good: ActionItem[] = [
  { action: 'Add PAYMENT_TIMEOUT to the config schema', owner: 'payments team', due: '2026-12-05' },
  { action: 'Canary deploys for checkout', owner: 'platform', due: '2026-12-19' },
];

describe('missingForPostmortem', () => {
  it.each<[string, string | null, ActionItem[], string[]]>([
    ['complete', 'v2.3.1 read a config key production does not set', good, []],
    [
      'nothing yet',
      null,
      [],
      ['The root cause is not recorded yet: describe it in one sentence.', 'At least 2 action items are needed (none are recorded yet).'],
    ],
    ['blank root cause', '   ', good, ['The root cause is not recorded yet: describe it in one sentence.']],
    ['one action item', 'cause', [good[0]!], ['At least 2 action items are needed (only 1 is recorded).']],
    [
      'owner missing',
      'cause',
      [good[0]!, { action: 'Canary deploys', owner: ' ', due: '2026-12-19' }],
      ['Action item 2 ("Canary deploys") needs an owner.'],
    ],
    [
      'due date missing',
      'cause',
      [{ action: 'Alert on checkout error rate', owner: 'sre', due: '' }, good[1]!],
      ['Action item 1 ("Alert on checkout error rate") needs a due date.'],
    ],
    [
      'owner and due missing',
      'cause',
      [good[0]!, { action: 'Canary deploys', owner: '', due: '' }],
      ['Action item 2 ("Canary deploys") needs an owner and a due date.'],
    ],
    [
      'everything missing in an item',
      'cause',
      [good[0]!, { action: '', owner: '', due: '' }],
      ['Action item 2 needs a description, an owner and a due date.'],
    ],
    [
      'due date not a date',
      'cause',
      [good[0]!, { action: 'Canary deploys', owner: 'platform', due: 'next week' }],
      ['Action item 2 ("Canary deploys") has a due date that is not a YYYY-MM-DD date: "next week".'],
    ],
    [
      'due date not on the calendar',
      'cause',
      [good[0]!, { action: 'Canary deploys', owner: 'platform', due: '2026-02-30' }],
      ['Action item 2 ("Canary deploys") has a due date that is not a YYYY-MM-DD date: "2026-02-30".'],
    ],
  ])('%s', (_name, rootCause, items, expected) => {
    expect(missingForPostmortem(facts(rootCause, items))).toEqual(expected);
  });

  it('shortens long action texts in its sentences', () => {
    const long = 'Write a very long action item description that goes on and on about many things';
    const [sentence] = missingForPostmortem(facts('cause', [good[0]!, { action: long, owner: 'x', due: '' }]));
    expect(sentence).toBe('Action item 2 ("Write a very long action item descripti…") needs a due date.');
  });

  it('reports every problem at once, root cause first', () => {
    expect(missingForPostmortem(facts(null, [{ action: 'Canary', owner: '', due: '2026-12-01' }]))).toEqual([
      'The root cause is not recorded yet: describe it in one sentence.',
      'At least 2 action items are needed (only 1 is recorded).',
      'Action item 1 ("Canary") needs an owner.',
    ]);
  });
});
