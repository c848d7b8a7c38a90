// Bundles TypeScript sources for a benchmark, as scripts/build.mjs does for
// the CLI, and imports the result. Packages stay external, so the bundle is
// written where node_modules resolves (node_modules/.cache).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache');

/** `exports`: lines like "export { EventLog } from './src/timeline/event-log.ts';". */
export async function importTs(name, exports) {
  const { build } = await import('esbuild');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outfile = path.join(cacheDir, `incident-bench-${name}-${process.pid}.mjs`);
  await build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'tsx' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    outfile,
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    fs.rmSync(outfile, { force: true });
  }
}
