// Run by update-sender-exit.test.ts with the bundled UpdateSender: sends one
// update to a webhook that never answers, stops the sender, and then does
// nothing — the process must exit by itself (no open handle left).
const [bundle, url] = process.argv.slice(2);
const { UpdateSender } = await import(bundle);
const sender = new UpdateSender({
  target: { url, envName: 'HOOK', format: 'slack', timeoutMs: 30_000 },
  delaysMs: [0, 60_000],
  onOutcome: () => console.log('OUTCOME'),
});
sender.send({ incidentId: 'i', title: 't', severity: 'SEV-1', kind: 'investigating', text: 'x', at: '2026-11-25T02:15:00.000Z' });
setTimeout(async () => {
  const abandoned = await sender.stop();
  console.log(`stopped ${abandoned.length}`);
}, 300);
