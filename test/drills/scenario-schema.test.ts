import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/drills/scenario-schema.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';

describe('runbooks/drills/drill.schema.json', () => {
  it('is what the zod schema generates (run `node scripts/gen-runbook-schema.mjs` after changing src/drills/scenario-schema.ts)', () => {
    const checkedIn = readFileSync(join(builtinRunbooksDir(), 'drills', 'drill.schema.json'), 'utf8');
    expect(checkedIn).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it('is strict, so editors flag unknown keys', () => {
    const schema = scenarioJsonSchema() as { additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['id', 'title', 'briefing', 'service', 'history', 'expected']);
  });
});
