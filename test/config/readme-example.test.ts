import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfigText } from '../../src/config/load-config.js';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/config/config-schema.js';

describe('the config example in README.md', () => {
  it('is valid and spells out the defaults', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(updates:[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const parsed = parseConfigText(example!, 'README.md');
    expect(parsed.problems).toEqual([]);
    const config = resolveConfig([parsed.data]);
    expect(config.updates.firstWithinMinutes).toBe(DEFAULT_CONFIG.updates.firstWithinMinutes);
    expect(config.updates.everyMinutes).toEqual(DEFAULT_CONFIG.updates.everyMinutes);
    expect(config.updates.webhook).toEqual({ urlEnv: 'INCIDENT_WEBHOOK_URL', format: 'slack', timeoutSeconds: 5 });
  });
});
