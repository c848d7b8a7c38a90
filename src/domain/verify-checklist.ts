// "Is it really fixed?" Six checks before an incident may be called resolved.
// Ids are stable (they are stored in the timeline and the incident facts);
// the wording may change freely.

export interface VerifyItem {
  id: string;
  text: string;
}

export const VERIFY_ITEMS: readonly VerifyItem[] = [
  { id: 'original-error-gone', text: 'The original error no longer occurs' },
  { id: 'users-complete-workflow', text: 'Users can complete the affected workflow' },
  { id: 'error-rate-baseline', text: 'Error rates are back to baseline' },
  { id: 'no-new-errors', text: 'No new errors in the logs' },
  { id: 'monitoring-confirms', text: 'Monitoring confirms the recovery' },
  { id: 'fix-in-production', text: 'The fix is deployed to production' },
];

export function verifyItem(id: string): VerifyItem | undefined {
  return VERIFY_ITEMS.find((i) => i.id === id);
}

/** The items not yet ticked, in checklist order. Unknown ids in `ticked` are ignored. */
export function untickedItems(ticked: readonly string[]): VerifyItem[] {
  const done = new Set(ticked);
  return VERIFY_ITEMS.filter((i) => !done.has(i.id));
}
