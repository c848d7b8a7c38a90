// Starts a drill in its own process and prints where it lives, then waits to
// be signalled. Usage: node drill-child.mjs <bundle> <scenario.yaml> <base dir> [handle]
// "handle": a second SIGTERM listener stands in for the TUI's, which exits itself.
// "look": the same, and it exits 8 if the drill's folder is still there when it runs, 9 if it is gone
// (the TUI copies the drill's post-mortem out of it on the way out).
const [bundle, file, baseDir, mode] = process.argv.slice(2);
const { loadScenarioFile, startDrill } = await import(bundle);
const { scenario } = loadScenarioFile(file, 'builtin');
const drill = await startDrill(scenario, { baseDir });
if (mode === 'handle') process.once('SIGTERM', () => setTimeout(() => process.exit(7), 20));
if (mode === 'look') {
  const { existsSync } = await import('node:fs');
  process.once('SIGTERM', () => setTimeout(() => process.exit(existsSync(drill.dir) ? 8 : 9), 20));
}
process.stdout.write(`${JSON.stringify({ dir: drill.dir, url: drill.url })}\n`);
