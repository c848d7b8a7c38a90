import { join } from 'node:path';
import type { Services } from '../../src/services.js';
import { steppingClock } from './session.js';

/**
 * The commands' view of the machine for a test: state in `<dir>/state` (or
 * the given folder), Ana at her laptop, a stepping clock, no repository.
 */
export function testServices(dir: string, overrides: Partial<Services> = {}): Services {
  return {
    stateDir: join(dir, 'state'),
    now: steppingClock(),
    actor: 'ana@laptop',
    host: 'laptop',
    pid: process.pid,
    cwd: dir,
    repo: null,
    ...overrides,
  };
}
