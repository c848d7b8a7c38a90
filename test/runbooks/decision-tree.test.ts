import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDecisionTree } from '../../src/runbooks/load-decision-tree.js';
import { RunbookError } from '../../src/runbooks/runbook-error.js';
import { loadSeverityTree } from '../../src/runbooks/severity-tree.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { makeTempDir } from '../helpers/temp.js';

const shipped = readFileSync(join(builtinRunbooksDir(), 'severity.yaml'), 'utf8');
let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-runbook-')));
afterEach(() => tmp.cleanup());

function problems(text: string): string[] {
  try {
    parseDecisionTree(text, 'sev.yaml');
  } catch (error) {
    if (error instanceof RunbookError) return error.problems;
    throw error;
  }
  return [];
}

describe('severity decision tree', () => {
  it('the shipped tree is valid and starts with "is the app completely down"', async () => {
    const tree = await loadSeverityTree();
    expect(tree.start).toBe('app_down');
    expect(tree.nodes.app_down).toMatchObject({ kind: 'ask', question: expect.stringMatching(/completely down/) });
  });

  it('an edited copy is read from the file, not from the build', async () => {
    writeFileSync(join(tmp.dir, 'severity.yaml'), shipped.replace('Is the app completely down', 'Is the whole site down'));
    const tree = await loadSeverityTree(tmp.dir);
    expect(tree.nodes.app_down).toMatchObject({ question: expect.stringMatching(/^Is the whole site down/) });
  });

  it.each([
    [
      'a choice going nowhere',
      shipped.replace('next: sev1_down', 'next: nowhere'),
      /sev\.yaml:\d+:\d+: step "app_down": choice "Yes" goes to "nowhere", which does not exist/,
    ],
    [
      'an unknown severity',
      shipped.replace('severity: SEV-3', 'severity: SEV-7'),
      /sev\.yaml:\d+:\d+: steps\.sev3\.end\.severity: .*\(step "sev3"\)/,
    ],
    ['a start that does not exist', shipped.replace('start: app_down', 'start: begin'), /sev\.yaml:\d+:\d+: start: no step named "begin"/],
    [
      'an unreachable step',
      `${shipped}\n  orphan:\n    end: { severity: SEV-4, because: nobody asks }\n`,
      /step "orphan" cannot be reached/,
    ],
    [
      'a cycle',
      shipped.replace('next: sev4', 'next: app_down'),
      /cycle app_down → data_loss → core_broken → many_users → cosmetic → app_down/,
    ],
    ['broken YAML', 'id: x\nsteps: [unclosed\n', /^sev\.yaml:\d+:\d+: /],
  ])('%s is reported with file:line:col', (_name, text, message) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });

  it('points at the line of the bad step', () => {
    const text = shipped.replace('next: sev2_core', 'next: missing');
    const line = text.split('\n').findIndex((l) => l.includes('next: missing')) + 1;
    expect(problems(text)[0]).toMatch(new RegExp(`^sev\\.yaml:${line}:`));
  });
});
