// A drill's folder goes with the process however it ends: a signal with no
// one else listening (the default exit is kept: 130, 143), a signal handled
// by someone else who then exits (the TUI), or a plain exit. Checked on real
// child processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, '..', '..', 'src', 'drills');
const scenario = path.join(here, '..', '..', 'runbooks', 'drills', 'bad-deploy-500.yaml');
let tmp: { dir: string; cleanup: () => void };
let bundle: string;

beforeAll(async () => {
  tmp = makeTempDir('incident-drill-exit-');
  bundle = path.join(tmp.dir, 'drill.mjs');
  await build({
    stdin: {
      contents: `export { startDrill } from ${JSON.stringify(path.join(src, 'drill-world.ts'))};\nexport { loadScenarioFile } from ${JSON.stringify(path.join(src, 'load-scenario.ts'))};\n`,
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
});
afterAll(() => tmp.cleanup());

async function runAndSignal(signal: NodeJS.Signals, mode = ''): Promise<{ code: number | null; signal: string | null; dir: string }> {
  const base = fs.mkdtempSync(path.join(tmp.dir, 'base-'));
  const child = spawn(
    process.execPath,
    [path.join(here, '..', 'helpers', 'drill-child.mjs'), pathToFileURL(bundle).href, scenario, base, mode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
  });
  const { dir, url } = JSON.parse(line) as { dir: string; url: string };
  expect(fs.existsSync(path.join(dir, 'storefront-api', '.git'))).toBe(true);
  expect((await fetch(url)).status).toBe(500);
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  child.kill(signal);
  return { ...(await ended), dir };
}

it.concurrent('SIGTERM with nobody else listening: the folder is removed and the process ends as SIGTERM would', async () => {
  const { signal, dir } = await runAndSignal('SIGTERM');
  expect(signal).toBe('SIGTERM');
  expect(fs.existsSync(dir)).toBe(false);
});

it.concurrent('SIGINT (Ctrl-C outside raw mode): the same', async () => {
  const { signal, dir } = await runAndSignal('SIGINT');
  expect(signal).toBe('SIGINT');
  expect(fs.existsSync(dir)).toBe(false);
});

it.concurrent('a signal someone else handles by exiting: their exit code, and the folder is removed', async () => {
  const { code, dir } = await runAndSignal('SIGTERM', 'handle');
  expect(code).toBe(7);
  expect(fs.existsSync(dir)).toBe(false);
});

it.concurrent('a signal someone else handles: the folder is still there while they do (the TUI keeps the post-mortem from it), and goes when they exit', async () => {
  const { code, dir } = await runAndSignal('SIGTERM', 'look');
  expect(code).toBe(8);
  expect(fs.existsSync(dir)).toBe(false);
});
