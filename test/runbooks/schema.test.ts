import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbookJsonSchema } from '../../src/runbooks/schema.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';

describe('runbooks/runbook.schema.json', () => {
  it('is what the zod schema generates (run `node scripts/gen-runbook-schema.mjs` after changing src/runbooks/schema.ts)', () => {
    const checkedIn = readFileSync(join(builtinRunbooksDir(), 'runbook.schema.json'), 'utf8');
    expect(checkedIn).toBe(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  });

  it('is strict, with one branch per kind of step, so editors flag unknown keys', () => {
    const schema = runbookJsonSchema() as {
      additionalProperties: unknown;
      required: string[];
      properties: { steps: { additionalProperties: { anyOf: Array<{ required: string[]; additionalProperties: unknown }> } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['id', 'title', 'start', 'steps']);
    const kinds = schema.properties.steps.additionalProperties.anyOf;
    expect(kinds.map((k) => k.required[0])).toEqual(['ask', 'check', 'do', 'checklist', 'note', 'end']);
    expect(kinds.every((k) => k.additionalProperties === false)).toBe(true);
  });
});
