// Starts a drill in its own process and prints where it lives, then waits to
// be signalled. Usage: node drill-child.mjs <bundle> <scenario.yaml> <base dir> [handle]
// "handle": a second SIGTERM listener stands in for the TUI's, which exits itself.
const [bundle, file, baseDir, mode] = process.argv.slice(2);
const { loadScenarioFile, startDrill } = await import(bundle);
const { scenario } = loadScenarioFile(file, 'builtin');
const drill = await startDrill(scenario, { baseDir });
if (mode === 'handle') process.once('SIGTERM', () => setTimeout(() => process.exit(7), 20));
process.stdout.write(`${JSON.stringify({ dir: drill.dir, url: drill.url })}\n`);
