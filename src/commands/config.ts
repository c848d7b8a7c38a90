// `incident config`: what the settings are and where they come from — the
// files read, the update cadence, the webhook's variable and whether it is
// set (its host at most: the URL is a credential), and every problem.
// Exit 0 when there are none, 1 when there are (the defaults still apply).
import { isAbsolute, relative } from 'node:path';
import { SEVERITIES } from '../domain/types.js';
import { configFiles } from '../config/config-paths.js';
import { loadConfig, webhookHost, type ConfigLoad } from '../config/load-config.js';
import type { Services } from '../services.js';
import type { Output } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface ConfigOptions {
  /** For tests: the environment ($XDG_CONFIG_HOME, $HOME, the webhook's variable). */
  env?: NodeJS.ProcessEnv;
}

export async function config(services: Services, opts: ConfigOptions, io: Output): Promise<number> {
  const env = opts.env ?? process.env;
  const loaded = loadConfig({ repoRoot: services.repo, env });
  for (const line of describeConfig(loaded, env, services)) io.out(line);
  return loaded.problems.length > 0 ? EXIT.failure : EXIT.ok;
}

export function describeConfig(loaded: ConfigLoad, env: NodeJS.ProcessEnv, services: Pick<Services, 'cwd' | 'repo'>): string[] {
  const show = (file: string): string => display(services.cwd, file);
  const out: string[] = [];
  if (loaded.sources.length === 0) {
    out.push('Config files: none, the defaults apply. Looked for:');
    for (const { file } of configFiles(services.repo, env)) out.push(`  ${show(file)}`);
  } else {
    out.push('Config files read (a later one wins key by key):');
    for (const file of loaded.sources) out.push(`  ${show(file)}`);
  }

  const { updates } = loaded.config;
  out.push('', 'Status updates:', `  first within ${minutes(updates.firstWithinMinutes)} of declaring`);
  out.push(`  ${SEVERITIES.map((s) => `${s} ${every(updates.everyMinutes[s])}`).join(' · ')}`);

  out.push('', 'Webhook:');
  const webhook = updates.webhook;
  if (webhook === null) {
    out.push('  not configured: updates are shown, copied and appended to updates.md, not posted');
  } else {
    const value = env[webhook.urlEnv];
    const host = value ? webhookHost(value) : null;
    const state =
      value === undefined || value.trim() === ''
        ? 'is not set: updates will not be posted'
        : host === null
          ? 'is set but holds no http(s) URL: updates will not be posted'
          : `is set (host ${host})`;
    out.push(`  URL from $${webhook.urlEnv}, which ${state}`);
    out.push(`  format ${webhook.format} · timeout ${webhook.timeoutSeconds} s`);
  }

  if (loaded.problems.length > 0) {
    out.push('', `Problems (${loaded.problems.length}; everything else, and the defaults, still apply):`);
    for (const problem of loaded.problems) {
      const source = [...loaded.sources].sort((a, b) => b.length - a.length).find((s) => problem.startsWith(`${s}:`));
      out.push(`  ${source ? show(source) + problem.slice(source.length) : problem}`);
    }
  }
  return out;
}

function minutes(n: number): string {
  return n === 60 ? '1 hour' : `${n} min`;
}

function every(n: number | null): string {
  return n === null ? 'at resolution' : n === 60 ? 'every hour' : `every ${n} min`;
}

/** A path inside the working directory is shown relative to it. */
function display(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
