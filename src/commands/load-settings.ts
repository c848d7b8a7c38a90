// The team's and the user's settings for a session: the update cadence, the
// webhook, and what was wrong with the config. Most machines have no config
// file, and the YAML and schema libraries cost ~50 ms to load, so they are
// loaded only when there is a file to read.
import { existsSync } from 'node:fs';
import { configFiles } from '../config/config-paths.js';
import { DEFAULT_CADENCE, type UpdateCadence } from '../domain/severity-policy.js';
import type { UpdateWebhook } from '../session/update-publisher.js';

export interface Settings {
  cadence: UpdateCadence;
  /** Null when none is configured or its variable is unset (`incident config` says which). */
  webhook: UpdateWebhook | null;
  /** Said once when the screen opens. */
  notices: string[];
}

export async function loadSettings(repoRoot: string | null, env: NodeJS.ProcessEnv): Promise<Settings> {
  if (!configFiles(repoRoot, env).some((f) => existsSync(f.file))) return { cadence: DEFAULT_CADENCE, webhook: null, notices: [] };
  const [{ loadConfig, webhookTarget }, { cadenceFrom }] = await Promise.all([
    import('../config/load-config.js'),
    import('../config/config-schema.js'),
  ]);
  const loaded = loadConfig({ repoRoot, env });
  const target = webhookTarget(loaded.config, env);
  const { problems } = loaded;
  return {
    cadence: cadenceFrom(loaded.config),
    webhook: target ? { target } : null,
    notices:
      problems.length > 0
        ? [`config: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more: \`incident config\`)` : ''}`]
        : [],
  };
}
