// The drill's git repository: the scenario's history written as real
// commits with real dates, in one `git fast-import` (a dozen commits cost one
// process, not two dozen, and no hook, signing key or template of the
// person's git config runs) into a bare `origin`, then cloned beside it.
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillCommit } from './drill.js';
import type { ScenarioCommit } from './scenario.js';

export type { DrillCommit };

const TIMEOUT_MS = 20_000;

/** git without the person's global and system config for the set-up; the responder's own git runs later with theirs. */
function setupEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: setupEnv(), timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} failed: ${(stderr || error.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

function gitWithInput(cwd: string, args: string[], input: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: setupEnv(), stdio: ['pipe', 'ignore', 'pipe'], timeout: TIMEOUT_MS });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`)),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The fast-import stream for the history: one commit per entry on refs/heads/main. */
export function fastImportStream(history: readonly ScenarioCommit[], now: Date): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string): void => void parts.push(Buffer.from(s, 'utf8'));
  const data = (content: string): void => {
    const bytes = Buffer.from(content, 'utf8');
    text(`data ${bytes.length}\n`);
    parts.push(bytes);
    text('\n');
  };
  history.forEach((commit, i) => {
    const seconds = Math.floor(now.getTime() / 1000) - commit.minutesAgo * 60;
    const who = `${commit.author.name} <${commit.author.email}> ${seconds} +0000`;
    text(`commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n`);
    data(`${commit.message}\n`);
    if (i > 0) text(`from :${i}\n`);
    for (const [path, content] of Object.entries(commit.files)) {
      // Paths were checked by lint (relative, no "..", no .git); quoting keeps spaces and unusual characters intact.
      const quoted = JSON.stringify(path);
      if (content === null) text(`D ${quoted}\n`);
      else {
        text(`M 100644 inline ${quoted}\n`);
        data(content);
      }
    }
    text('\n');
  });
  text('done\n');
  return Buffer.concat(parts);
}

/** Creates `<dir>/<name>` with the history checked out on `main`, and `<dir>/origin.git` as its remote. */
export async function createDrillRepo(
  dir: string,
  name: string,
  history: readonly ScenarioCommit[],
  now: Date,
): Promise<{ repoDir: string; commits: DrillCommit[] }> {
  const repoDir = join(dir, name);
  const origin = join(dir, 'origin.git');
  const marks = join(dir, 'marks');
  // Three processes in all: the history goes into the bare origin, and a clone checks it out with the
  // remote and the upstream already set, so the push the rollback offers works as it would at work.
  await git(dir, ['init', '-q', '--bare', '-b', 'main', origin]);
  await gitWithInput(origin, ['fast-import', '--quiet', '--done', `--export-marks=${marks}`], fastImportStream(history, now));
  await git(dir, ['clone', '-q', origin, repoDir]);
  // The responder's revert must not stop for a missing name or a signing key in a throwaway repository.
  appendFileSync(
    join(repoDir, '.git', 'config'),
    ['[user]', '\tname = Drill Responder', '\temail = responder@drill.invalid', '[commit]', '\tgpgsign = false', ''].join('\n'),
  );
  const shaOf = new Map(
    readFileSync(marks, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
  rmSync(marks);
  const commits = history.map((c, i) => ({
    id: c.id,
    sha: shaOf.get(`:${i + 1}`)!,
    subject: c.message.split('\n')[0]!,
    author: `${c.author.name} <${c.author.email}>`,
    at: new Date((Math.floor(now.getTime() / 1000) - c.minutesAgo * 60) * 1000).toISOString(),
    culprit: c.culprit,
  }));
  return { repoDir, commits };
}
