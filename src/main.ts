// Command-line parsing and dispatch. Each command module is imported when it
// runs, so `incident note` never loads the TUI.
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { buildServices } from './services.js';
import { stdio, UserError } from './commands/errors.js';
import { EXIT } from './commands/exit-codes.js';
import { describeStorageError } from './commands/storage-error.js';
import { VERSION } from './version.js';

function resolveDir(dir: string | undefined): string | null {
  return dir ? resolve(process.cwd(), dir) : null;
}

export async function main(argv: string[]): Promise<number> {
  const services = buildServices();
  const program = new Command();
  let result: Promise<number> = Promise.resolve(EXIT.ok);
  program
    .name('incident')
    .description(
      'A terminal runbook for production incidents: detect → triage → contain → resolve → verify → post-mortem.\nRun `incident` with no command for the guided mode (declare a new incident or resume the open one).',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    // `--runbooks` exists on the program and on subcommands: each takes the one written after it.
    .enablePositionalOptions()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // One style for every mistake: "incident: …" and where to look.
      outputError: (s, write) => write(`incident: ${s.replace(/^error: /, '').trimEnd()} (see incident --help)\n`),
    })
    .option('--runbooks <dir>', 'a folder of runbooks searched before the others')
    .action((opts: { runbooks?: string }) => {
      result = import('./commands/tui.js').then((m) => m.tui(services, stdio, { runbooksDir: resolveDir(opts.runbooks) }));
    });
  program
    .command('declare')
    .description('declare an incident without the guided mode (for scripts and alert hooks); prints its id')
    .argument('<title>', 'what is broken, in one line')
    .option('-s, --severity <sev>', 'SEV-1 … SEV-4 (skips the severity questions)')
    .option('-u, --url <url>', 'production URL that is failing')
    .option('--started <time>', 'when it started: 14:05, "20 min ago", now, or an ISO time')
    .action((title: string, opts) => {
      result = import('./commands/declare.js').then((m) => m.declare(services, title, opts, stdio));
    });
  program
    .command('note')
    .description('append a timestamped note to the open incident (works beside a running `incident`)')
    .argument('<text...>', 'the note')
    .option('--id <id>', 'incident id (or a unique prefix) when several are open')
    .option('--at <time>', 'when it happened, if earlier ("01:52", "20 min ago"): the timeline orders by it')
    .action((words: string[], opts) => {
      result = import('./commands/note.js').then((m) => m.note(services, words, opts, stdio));
    });
  program
    .command('milestone')
    .description('show the milestones (started, detected, acknowledged, mitigated, resolved) and TTD/TTA/TTM/TTR; correct one: `incident milestone detected 01:50`')
    .argument('[edit...]', 'a milestone and when it was: "detected 01:50", "started 20 min ago", "mitigated yesterday 23:40"')
    .option('--id <id>', 'incident id or a unique prefix (default: the open incident, else the latest)')
    .action((words: string[], opts) => {
      result = import('./commands/milestone.js').then((m) => m.milestone(services, words, opts, stdio));
    });
  program
    .command('list')
    .description('list recorded incidents (drills only with --drills)')
    .option('--json', 'machine-readable output')
    .option('--drills', 'include drills, marked as such')
    .action((opts) => {
      result = import('./commands/list.js').then((m) => m.list(services, opts, stdio));
    });
  program
    .command('timeline')
    .description('print an incident timeline in UTC (default: the open incident, else the latest)')
    .argument('[id]', 'incident id or a unique prefix')
    .option('--json', 'the raw events, one object per event')
    .action((id: string | undefined, opts) => {
      result = import('./commands/timeline.js').then((m) => m.timeline(services, id, opts, stdio));
    });
  program
    .command('replay')
    .description('step through a past incident (real, practice or drill) with long gaps compressed, for reviews and onboarding')
    .argument('<id>', 'incident id or a unique prefix')
    .option('--speed <n>', 'play faster (2) or slower (0.5); long gaps stay about a second')
    .action((id: string, opts) => {
      result = import('./commands/replay.js').then((m) => m.replay(services, id, opts, stdio));
    });

  program
    .command('walk')
    .description(
      'walk a runbook for practice (training, onboarding): same screens, commands run only when asked, a practice timeline kept apart',
    )
    .argument('<id>', 'runbook id (`incident runbook list`)')
    .option('--runbooks <dir>', 'a folder of runbooks searched before the others')
    .action((id: string, opts: { runbooks?: string }) => {
      result = import('./commands/tui.js').then((m) => m.walk(services, id, stdio, { runbooksDir: resolveDir(opts.runbooks) }));
    });
  program
    .command('postmortem')
    .description('write the post-mortem again from the timeline (default: into docs/incidents/ of its repository)')
    .argument('[id]', 'incident id or a unique prefix (default: the open incident, else the latest)')
    .option('--out <file>', 'write it to this file instead')
    .option('--stdout', 'print it instead')
    .option('--reviewed', 'record that the team reviewed it (status: Reviewed) and write it again')
    .option('--by <name>', 'who reviewed it, with --reviewed (default: you)')
    .action((id: string | undefined, opts) => {
      result = import('./commands/postmortem.js').then((m) => m.postmortem(services, id, opts, stdio));
    });
  program
    .command('health')
    .description('probe a URL once: status, latency p50/p95, redirects, TLS expiry; exit 0 healthy, 1 unhealthy')
    .argument('<url>', 'the URL (a bare origin tries /health, /api/health, then /)')
    .option('-n, --samples <n>', 'how many requests (default 3)')
    .option('-t, --timeout <seconds>', 'deadline per request (default 5)')
    .option('--json', 'machine-readable output')
    .action((url: string, opts) => {
      result = import('./commands/health.js').then((m) => m.health(services, url, opts, stdio));
    });
  program
    .command('diagnose')
    .description('one-shot diagnostics: the site, and recent commits ranked as likely culprits, with reasons')
    .option('--url <url>', 'probe this URL too')
    .option('--at <time>', 'when the problem started (default now): 14:05, "20 min ago", an ISO time')
    .option('--since <duration>', 'how far back to look for commits (default 48h): 90m, 12h, 2d')
    .option('--repo <dir>', 'the repository (default: the git root of this folder)')
    .option('--limit <n>', 'how many commits to show (default 20)')
    .option('--json', 'machine-readable output')
    .action((opts) => {
      result = import('./commands/diagnose.js').then((m) => m.diagnose(services, opts, stdio));
    });
  program
    .command('config')
    .description(
      'the settings in effect: config files read, update cadence, webhook variable (never its URL), problems; exit 1 with problems',
    )
    .action(() => {
      result = import('./commands/config.js').then((m) => m.config(services, {}, stdio));
    });
  program
    .command('drill')
    .description('practise on a simulated outage in the guided mode, scored at the end; --list shows the scenarios')
    .argument('[scenario]', 'scenario id (`incident drill --list`); none: list them')
    .option('--list', 'list the drill scenarios: id, expected severity, title, where each comes from')
    .option('--json', 'with --list: machine-readable output')
    .option('--speed <n>', 'faults, leaks and ramps run N times faster (default 1)')
    .option('--runbooks <dir>', 'a folder of runbooks whose drills/ folder is searched before the others')
    .action((scenario: string | undefined, opts: { list?: boolean; json?: boolean; speed?: string; runbooks?: string }) => {
      result = import('./commands/drill-list.js').then((m) =>
        opts.list || scenario === undefined ? m.drillList(services, opts, stdio) : m.drillRun(services, scenario, opts, stdio),
      );
    });
  const runbook = program.command('runbook').description('list, show and check runbooks (lint checks drill scenarios too)');
  runbook
    .command('list')
    .description('every runbook found, where it comes from, and which built-in ones are overridden')
    .option('--json', 'machine-readable output')
    .option('--runbooks <dir>', 'a folder of runbooks searched before the others')
    .action((opts) => {
      result = import('./commands/runbook.js').then((m) => m.runbookList(services, opts, stdio));
    });
  runbook
    .command('show')
    .description('a runbook, step by step, in the order it is walked')
    .argument('<id>', 'runbook id')
    .option('--runbooks <dir>', 'a folder of runbooks searched before the others')
    .action((id: string, opts) => {
      result = import('./commands/runbook.js').then((m) => m.runbookShow(services, id, opts, stdio));
    });
  runbook
    .command('lint')
    .description('check runbooks and drill scenarios (all found, or the files given); exit 1 when there are errors')
    .argument('[files...]', 'runbook files (.yaml, .yml, .md) or drill scenarios (in a drills/ folder)')
    .option('--runbooks <dir>', 'a folder of runbooks searched before the others')
    .action((files: string[], opts) => {
      result = import('./commands/runbook.js').then((m) => m.runbookLint(services, files, opts, stdio));
    });

  const first = argv[0];
  const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (first !== undefined && !first.startsWith('-') && !known.includes(first) && first !== 'help') {
    stdio.err(
      `incident: unknown command "${first}". Commands: ${known.join(', ')} — or \`incident\` alone for the guided mode (incident --help).`,
    );
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return await result;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 1, which we report as 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UserError) {
      stdio.err(error.message.startsWith('incident:') ? error.message : `incident: ${error.message}`);
      return error.exitCode;
    }
    const storage = describeStorageError(error, services.stateDir);
    if (storage) {
      stdio.err(storage);
      return EXIT.storage;
    }
    throw error;
  }
}
