// Writes runbooks/runbook.schema.json from the zod schema in
// src/runbooks/schema.ts, so editors validate runbooks as they are written:
//   # yaml-language-server: $schema=./runbook.schema.json
// test/runbooks/schema.test.ts fails when the checked-in file is stale.
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
  const out = join(tmp, 'schema.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('src/runbooks/schema.ts', root))],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  const { runbookJsonSchema } = await import(pathToFileURL(out).href);
  const target = new URL('runbooks/runbook.schema.json', root);
  writeFileSync(target, `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${fileURLToPath(target)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
