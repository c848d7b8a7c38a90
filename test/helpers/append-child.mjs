// Appends events from a separate process, printing `seq id` after each append()
// returns, so the parent knows exactly which events were acknowledged.
// Usage: node append-child.mjs <bundled event-log.mjs> <incident dir> <count> <actor>
const [bundle, dir, count, actor] = process.argv.slice(2);
const { EventLog } = await import(bundle);
const log = EventLog.open(dir, { actor, now: () => new Date() });
for (let i = 0; i < Number(count); i++) {
  const entry = log.append({ phase: 'triage', type: 'note.added', data: { i, by: actor } });
  // stdout to a pipe is synchronous on Linux: once printed, it was acknowledged.
  process.stdout.write(`${entry.seq} ${entry.id}\n`);
}
log.close();
