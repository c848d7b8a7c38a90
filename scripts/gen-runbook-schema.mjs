// Writes runbooks/runbook.schema.json from the zod schema in
// src/runbooks/schema.ts, and runbooks/drills/drill.schema.json from
// src/drills/scenario-schema.ts, so editors validate runbooks and drill
// scenarios as they are written:
//   # yaml-language-server: $schema=./runbook.schema.json
// test/runbooks/schema.test.ts and test/drills/scenario-schema.test.ts fail when a checked-in file is stale.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
// Inside the project, so the bundle's external packages (zod) resolve from node_modules.
const cache = fileURLToPath(new URL('node_modules/.cache/', root));
mkdirSync(cache, { recursive: true });
const tmp = mkdtempSync(join(cache, 'incident-schema-'));
try {
  for (const [entry, exported, file] of [
    ['src/runbooks/schema.ts', 'runbookJsonSchema', 'runbooks/runbook.schema.json'],
    ['src/drills/scenario-schema.ts', 'scenarioJsonSchema', 'runbooks/drills/drill.schema.json'],
  ]) {
    const out = join(tmp, `${exported}.mjs`);
    await build({
      entryPoints: [fileURLToPath(new URL(entry, root))],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'error',
    });
    const schema = (await import(pathToFileURL(out).href))[exported]();
    const target = new URL(file, root);
    writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${fileURLToPath(target)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
