import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The runbooks/ folder shipped beside the code, found from wherever this module was bundled. */
export function builtinRunbooksDir(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'runbooks');
    if (existsSync(join(candidate, 'severity.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the built-in runbooks folder near ${fileURLToPath(from)}`);
}
