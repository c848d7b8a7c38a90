// Bundles the CLI with esbuild. Code splitting keeps `--version`, `--help` and
// `note` off the Ink/React import path: the TUI chunk loads only when drawn.
import { build } from 'esbuild';
import { chmodSync, rmSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

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
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
