// Who does what during the incident. One person may hold several roles;
// the commander defaults to whoever declared. Names here are responsibilities,
// not blame: the post-mortem lists them as who coordinated.
export type Role = 'commander' | 'comms' | 'scribe' | 'ops';

export const ROLES: readonly { id: Role; label: string; duty: string }[] = [
  { id: 'commander', label: 'Commander', duty: 'decides, keeps the big picture, hands off when tired' },
  { id: 'comms', label: 'Comms', duty: 'posts status updates on the cadence' },
  { id: 'scribe', label: 'Scribe', duty: 'keeps the timeline: notes, decisions, times' },
  { id: 'ops', label: 'Ops', duty: 'runs the commands and changes' },
];

export type Roles = Record<Role, string | null>;

export function emptyRoles(commander: string): Roles {
  return { commander, comms: null, scribe: null, ops: null };
}

export function roleLabel(role: string): string {
  return ROLES.find((r) => r.id === role)?.label ?? role;
}

export function isRole(value: string): value is Role {
  return ROLES.some((r) => r.id === value);
}

/** "Commander ana · Comms bob": who holds what, for the header and summaries. */
export function describeRoles(roles: Roles): string {
  return ROLES.filter((r) => roles[r.id])
    .map((r) => `${r.label} ${roles[r.id]}`)
    .join(' · ');
}
