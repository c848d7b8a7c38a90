// The YAML drill scenario format as a zod 4 schema: the loader validates
// with it, lint-scenario.ts checks what a schema cannot (references between
// parts, exactly-one-of keys), and scripts/gen-runbook-schema.mjs publishes
// it as runbooks/drills/drill.schema.json for editors.
import { z } from 'zod';
import { SEVERITIES } from '../domain/types.js';
import { CONTAIN_OPTIONS } from '../domain/containment.js';
import type { ContainOption } from '../domain/incident.js';

export const SCENARIO_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const NAME_ID = /^[a-z0-9][a-z0-9_-]*$/;
export const AUTHOR = /^([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>$/;
export const ROUTE_PATH = /^\/[^\s?#]*$/;

const text = (description: string) => z.string().min(1).meta({ description });
const nameId = (what: string) =>
  z.string().regex(NAME_ID, `${what} is lowercase letters, digits, "-" and "_", starting with a letter or digit`);
const status = z.number().int().min(100).max(599).meta({ description: 'An HTTP status, 100–599.' });
const millis = (description: string) => z.number().int().min(0).max(600_000).meta({ description });
const CONTAINMENT = CONTAIN_OPTIONS.map((o) => o.option) as [ContainOption, ...ContainOption[]];
const flagValue = z.union([z.string(), z.number(), z.boolean()], { error: 'a flag value is text, a number or true/false' });

export const conditionSchema = z
  .strictObject({
    file: text('A path in the repository: the test reads its working-tree content on each request.').optional(),
    contains: z.string().min(1).optional().meta({ description: 'Holds when the file contains this text.' }),
    lacks: z.string().min(1).optional().meta({ description: 'Holds when the file is missing or does not contain this text.' }),
    exists: z.boolean().optional().meta({ description: 'Holds when the file exists (true) or not (false).' }),
    flag: nameId('a flag name').optional().meta({ description: 'A flag of service.flags.' }),
    is: flagValue.optional().meta({ description: 'Holds when the flag has this value.' }),
    is_not: flagValue.optional().meta({ description: 'Holds when the flag has another value.' }),
  })
  .meta({ title: 'Condition: file with one of contains/lacks/exists, or flag with is/is_not' });

export const effectSchema = z
  .strictObject({
    status: status.optional(),
    body: z.string().optional().meta({ description: 'The answer body.' }),
    latency_ms: millis('Added to the route latency.').optional(),
    call: z.array(nameId('a dependency id')).optional().meta({ description: 'Dependencies the routes call as well.' }),
    skip: z.array(nameId('a dependency id')).optional().meta({ description: 'Dependencies the routes no longer call.' }),
    leak_mb_per_minute: z.number().positive().max(100_000).optional().meta({ description: 'Memory leaked while the rule holds.' }),
  })
  .meta({ title: 'Effect' });

export const ruleSchema = z
  .strictObject({
    id: nameId('a rule id'),
    when: z.array(conditionSchema).min(1).meta({ description: 'All must hold.' }),
    routes: z.array(z.string()).min(1).optional().meta({ description: 'The routes it changes (default: all).' }),
    then: effectSchema,
  })
  .meta({ title: 'Rule: while every condition holds, the routes behave differently' });

/** The keys of a world change, shared by faults and actions; lint checks that exactly one kind is used. */
const changeKeys = {
  dependency: nameId('a dependency id').optional().meta({ description: 'Change this dependency (with status, body, latency…).' }),
  status: status.optional(),
  body: z.string().optional(),
  latency_ms: millis('The dependency latency from now on.').optional(),
  latency_ms_per_minute: z.number().int().min(1).max(600_000).optional().meta({ description: 'Latency grows by this much a minute.' }),
  max_latency_ms: millis('Where the growth stops.').optional(),
  certificate: z.enum(['valid', 'expired']).optional().meta({ description: 'Serve a valid (renewed) or an expired certificate.' }),
  set: z.record(nameId('a flag name'), flagValue).optional().meta({ description: 'Set flags.' }),
  restart: z.literal(true).optional().meta({ description: 'Restart the process (memory back to its start).' }),
};

export const faultSchema = z
  .strictObject({
    at_seconds: z.number().min(0).max(86_400).meta({ description: 'Seconds after the drill starts.' }),
    note: text('What happened, for the drill log.').optional(),
    ...changeKeys,
  })
  .meta({ title: 'Fault: a change of the world on a schedule' });

export const actionSchema = z
  .strictObject({
    id: nameId('an action id'),
    title: text('What the responder does, in a few words.'),
    containment: z.enum(CONTAINMENT).optional().meta({ description: 'The containment option it stands for.' }),
    ...changeKeys,
  })
  .meta({ title: 'Action: a change of the world the responder can make' });

export const commitSchema = z
  .strictObject({
    id: nameId('a commit id').optional().meta({ description: 'A name for `revert:<id>` (default c1, c2, …).' }),
    author: z.string().regex(AUTHOR, 'an author is "Name <email>"'),
    minutes_ago: z.number().int().min(0).max(525_600).meta({ description: 'Before the drill starts.' }),
    message: text('The commit message: subject line, optionally a blank line and a body.'),
    files: z.record(z.string(), z.string().nullable()).default({}).meta({ description: 'Path → new content; null deletes the file.' }),
    culprit: z.boolean().default(false).meta({ description: 'The commit that caused the incident (at most one).' }),
  })
  .meta({ title: 'Commit' });

export const routeSchema = z
  .strictObject({
    status: status.default(200),
    body: z.string().default('ok'),
    latency_ms: millis('How long an answer takes.').default(20),
    calls: z.array(nameId('a dependency id')).default([]).meta({ description: 'Dependencies called on each request.' }),
  })
  .meta({ title: 'Route' });

export const dependencySchema = z
  .strictObject({
    title: text('What the responder would call it.'),
    status: status.default(200),
    body: z.string().default('ok'),
    latency_ms: millis('How long it takes to answer.').default(30),
  })
  .meta({ title: 'Dependency: a real local server the service calls' });

export const memorySchema = z
  .strictObject({
    start_mb: z.number().int().min(1).max(1_000_000).default(180),
    limit_mb: z.number().int().min(1).max(1_000_000).default(512),
    restart_seconds: z.number().min(0).max(3600).default(20),
  })
  .meta({ title: 'Memory: what a leak grows toward' });

export const serviceSchema = z
  .strictObject({
    name: nameId('a service name').meta({ description: 'Also the folder name of the repository.' }),
    probe_path: z.string().regex(ROUTE_PATH, 'a path starts with "/"').default('/health'),
    timeout_ms: millis('Deadline of the dependency calls: past it, a 504.').default(3000),
    tls: z.boolean().default(false).meta({ description: 'Serve HTTPS with certificates made at run time.' }),
    memory: memorySchema.default({ start_mb: 180, limit_mb: 512, restart_seconds: 20 }),
    flags: z.record(nameId('a flag name'), flagValue).default({}),
    dependencies: z.record(nameId('a dependency id'), dependencySchema).default({}),
    routes: z
      .record(z.string().regex(ROUTE_PATH, 'a route is a path starting with "/"'), routeSchema)
      .meta({ description: 'What each path answers when nothing is wrong.' }),
  })
  .meta({ title: 'Service' });

const move = z.string().min(1).meta({ description: 'A containment option, revert:<commit id>, revert:culprit or action:<action id>.' });

export const expectedSchema = z
  .strictObject({
    severity: z.enum(SEVERITIES),
    acceptable_severities: z.array(z.enum(SEVERITIES)).default([]),
    right: z.array(move).min(1),
    acceptable: z.array(move).default([]),
    harmful: z.array(move).default([]),
  })
  .meta({ title: 'Expected: what a good response looks like' });

export const scenarioFileSchema = z
  .strictObject({
    id: z.string().regex(SCENARIO_ID, 'an id is kebab-case: lowercase letters and digits joined by "-"'),
    title: text('One line.'),
    briefing: text('What the responder is told, like a page.'),
    debrief: text('What happened and why; shown after the drill.').optional(),
    service: serviceSchema,
    history: z.array(commitSchema).min(1).meta({ description: 'Oldest first.' }),
    rules: z.array(ruleSchema).default([]),
    faults: z.array(faultSchema).default([]),
    actions: z.array(actionSchema).default([]),
    expected: expectedSchema,
  })
  .meta({ title: 'incident drill scenario' });

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
export type ChangeInput = Pick<z.output<typeof faultSchema>, keyof typeof changeKeys>;
export const CHANGE_KEYS = Object.keys(changeKeys) as Array<keyof typeof changeKeys>;

/** The JSON Schema written to runbooks/drills/drill.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}
