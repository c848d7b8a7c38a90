import type { IncidentSummary } from '../domain/types.js';
import type { IncidentStore } from '../session/incident-store.js';
import { UserError } from './errors.js';

/** The incident a command means: the one named (id or unique prefix), else the only open one. */
export function pickIncident(store: IncidentStore, id: string | undefined, opts: { fallbackToLatest: boolean }): IncidentSummary {
  if (id) {
    const found = store.find(id);
    if (found) return found;
    const matches = store.list().filter((i) => i.id.startsWith(id));
    if (matches.length > 1)
      throw new UserError(`"${id}" matches several incidents: ${matches.map((i) => i.id).join(', ')}. Give more of the id.`);
    throw new UserError(`No incident "${id}". \`incident list\` shows the ids.`);
  }
  const open = store.openIncidents();
  if (open.length === 1) return open[0]!;
  if (open.length > 1) {
    throw new UserError(`Several incidents are open; say which with --id:\n${open.map((i) => `  ${i.id}  ${i.title}`).join('\n')}`);
  }
  // A drill or a walkthrough is only ever picked by its id.
  const latest = store.list().find((i) => !i.practice && i.drill === null);
  if (opts.fallbackToLatest && latest) return latest;
  throw new UserError('No incident is open. Declare one with `incident` (guided) or `incident declare "what is broken"`.');
}
