// What the guided mode knows of a running drill: the page's URL, what normal
// looks like there, and the scenario's actions outside git. Types only, so
// the machine and the screens can hold them without the drill world.
import type { ContainOption } from './incident.js';

export interface DrillActionChoice {
  id: string;
  title: string;
  /** The containment option it stands for, when it is one. */
  containment: ContainOption | null;
}

export interface DrillView {
  /** The scenario's id. */
  scenario: string;
  title: string;
  /** The service's URL, as a page would give it. */
  url: string;
  /** What normal looks like for that URL ("normally 200 in ~100 ms"), as a dashboard would show it. */
  normal: string | null;
  actions: readonly DrillActionChoice[];
}

/** The answer value recording a drill action as what was done on the contain step. */
export const DRILL_ACTION_PREFIX = 'action:';

/** The actions that stand for the option chosen come first; the rest stay one key away. */
export function orderDrillActions(actions: readonly DrillActionChoice[], option: ContainOption | null): DrillActionChoice[] {
  return [
    ...actions.filter((a) => a.containment !== null && a.containment === option),
    ...actions.filter((a) => a.containment !== option || a.containment === null),
  ];
}
