// Bundles the CLI with esbuild. Code splitting keeps `--version` and the
// scripting commands off the Ink/React import path: the TUI chunk loads only
// when drawn. The shipped severity runbook is parsed and checked here, once,
// and embedded (see src/runbooks/severity-tree.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// src/timeline/ids.ts gives ulid its random bytes; the package's browser file
// imports nothing, where its node file loads node:crypto for them (~4 ms).
const ULID_WITHOUT_CRYPTO = { ulid: './node_modules/ulid/dist/browser/index.js' };

const severity = await compileSeverityTree();
rmSync(new URL('dist', root), { recursive: true, force: true });

const define = {
  'process.env.NODE_ENV': '"production"',
  __INCIDENT_VERSION__: JSON.stringify(pkg.version),
  // A string, parsed when needed: an object here would become a shared chunk that every entry initialises.
  __INCIDENT_SEVERITY_TREE_JSON__: JSON.stringify(JSON.stringify(severity)),
};

// Everything but the entry: ES modules (.mjs, whatever dist/package.json says),
// split so that a screen loads only what it uses.
await build({
  entryPoints: { main: 'src/main.ts', crash: 'src/crash.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
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
  define,
  // Ink imports react-devtools-core only when DEV is set; never ship it.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs', ...ULID_WITHOUT_CRYPTO },
  banner: {
    // For the CommonJS packages bundled; not `import … from 'node:module'`, whose facade costs start-up time.
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The entry, dist/cli.js, is CommonJS (src/cli.cts says why); dist/package.json
// tells Node so, and keeps the path every doc and script uses.
await build({
  entryPoints: ['src/cli.cts'],
  outfile: 'dist/cli.js',
  // Nothing to bundle: it only requires and imports files of dist/ at run time.
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
writeFileSync(new URL('dist/package.json', root), `${JSON.stringify({ type: 'commonjs' })}\n`);
chmodSync(new URL('dist/cli.js', root), 0o755);

// `incident note "TEXT"` in one file with nothing shared: loading a dozen split
// chunks costs more than the note itself. CommonJS, required by cli.js: an ES
// module's `import fs from 'node:fs'` builds a facade that reads every export
// of fs, and that alone loads Node's streams (~3 ms).
await build({
  entryPoints: ['src/commands/note-fast.ts'],
  outfile: 'dist/note-fast.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  alias: ULID_WITHOUT_CRYPTO,
  logLevel: 'warning',
});
