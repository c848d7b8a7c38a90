// A zod issue in words a YAML author knows ("expected a list, got text
// \"x\""), shared by the runbook and config loaders. Unknown keys are left to
// the caller, which knows what keys it could have meant.
import type { z } from 'zod';

/**
 * The message for one issue at `field` ("" for the document itself), given
 * the offending value. `describe` says how a value is shown: a loader for
 * files that may hold secrets passes one that never echoes them.
 */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown, field: string, describe = describeValue): string {
  const label = field === '' ? '' : `${field}: `;
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `${field || 'value'} is required`;
    const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? '; put it in quotes' : '';
    return `${label}expected ${article(issue.expected)}, got ${describe(value)}${hint}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return `${label}must not be empty`;
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return `${label}needs at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
  }
  if (issue.code === 'invalid_value') {
    return issue.message.startsWith('unknown')
      ? issue.message
      : `${label}expected one of ${issue.values.map((v) => String(v)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  return `${label}${issue.message}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text "${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true/false' : typeof value} (${String(value)})`;
}

export function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    array: 'a list',
    object: 'a map',
    record: 'a map',
    boolean: 'true or false',
    number: 'a number',
  };
  return words[expected] ?? expected;
}
