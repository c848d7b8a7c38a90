// Bundles the CLI with esbuild. Code splitting keeps `--version` and the
// scripting commands off the Ink/React import path: the TUI chunk loads only
// when drawn. The shipped severity runbook is parsed and checked here, once,
// and embedded (see src/runbooks/severity-tree.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

async function compileSeverityTree() {
  // Inside the project, so the bundle's external packages resolve from node_modules.
  const cache = new URL('node_modules/.cache/', root);
  mkdirSync(cache, { recursive: true });
  const tmp = mkdtempSync(join(cache.pathname, 'incident-build-'));
  try {
    const out = join(tmp, 'load-decision-tree.mjs');
    await build({ entryPoints: ['src/runbooks/load-decision-tree.ts'], bundle: true, packages: 'external', platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
    const { parseDecisionTree } = await import(pathToFileURL(out).href);
    const file = 'runbooks/severity.yaml';
    const text = readFileSync(new URL(file, root), 'utf8');
    try {
      return { sha256: createHash('sha256').update(text).digest('hex'), tree: parseDecisionTree(text, file) };
    } catch (error) {
      console.error(`build: ${error.message}`);
      process.exit(1);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const severity = await compileSeverityTree();
rmSync(new URL('dist', root), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  jsx: 'automatic',
  define: {
    'process.env.NODE_ENV': '"production"',
    __INCIDENT_VERSION__: JSON.stringify(pkg.version),
    __INCIDENT_SEVERITY_TREE__: JSON.stringify(severity),
  },
  // Ink imports react-devtools-core only when DEV is set; never ship it.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __incidentCreateRequire } from 'node:module';",
      'const require = __incidentCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
chmodSync(new URL('dist/cli.js', root), 0o755);

// `incident note "TEXT"` in one file with nothing shared: loading a dozen split
// chunks costs more than the note itself (cli.ts loads it by URL, at run time).
await build({
  entryPoints: { 'note-fast': 'src/commands/note-fast.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  banner: {
    js: ["import { createRequire as __incidentCreateRequire } from 'node:module';", 'const require = __incidentCreateRequire(import.meta.url);'].join('\n'),
  },
  logLevel: 'warning',
});
