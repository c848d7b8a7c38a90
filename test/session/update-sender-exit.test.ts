// The promise of stop(): the process can exit right after the user quits,
// even with a post in flight to a webhook that never answers. Checked on a
// real child process, since a leaked socket or timer only shows as a process
// that does not end.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let tmp: { dir: string; cleanup: () => void };
let bundle: string;
let receiver: Receiver;

beforeAll(async () => {
  tmp = makeTempDir('incident-sender-');
  bundle = path.join(tmp.dir, 'update-sender.mjs');
  await build({
    entryPoints: [path.join(here, '..', '..', 'src', 'session', 'update-sender.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
    // undici is CommonJS: as in scripts/build.mjs, give the ESM bundle a require.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  receiver = await startReceiver(['hang']);
});
afterAll(async () => {
  await receiver.close();
  tmp.cleanup();
});

it('a stopped sender leaves nothing behind: the process exits on its own, with no outcome reported', async () => {
  const started = performance.now();
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(here, '..', 'helpers', 'sender-child.mjs'), pathToFileURL(bundle).href, receiver.url],
      { timeout: 10_000 },
      (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout: out + err }),
    );
    child.stdin?.end();
  });
  expect(stdout.trim()).toBe('stopped 1');
  expect(code).toBe(0);
  // 300 ms before stop(), then node's own start and exit; far from the 30 s deadline or the 60 s retry.
  expect(performance.now() - started).toBeLessThan(5000);
  expect(receiver.received).toHaveLength(1);
});
