// How far a health probe of a black-holed host overshoots its deadline.
// Printed, never asserted (exit 1 only if it cannot run). Aim: ≤ 100 ms.
//
//   node bench/probe-deadline.mjs                (deadline 1000 ms, 5 runs per case)
//   PROBE_DEADLINE_MS=5000 node bench/probe-deadline.mjs
//
// "Black-holed" here is a server on 127.0.0.1 that accepts the TCP connection
// and never says a word (no non-routable addresses: the bench must not leave
// the machine). Two cases: plain HTTP (the probe waits for headers) and HTTPS
// (the TLS handshake itself never completes, the harder case for undici, which
// ignores an abort until a connection is up). The overshoot does not depend on
// the deadline's length: the probe ends on its own timer, undici's ~1 s-tick
// timeouts are only backstops.
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from './bundle-ts.mjs';

const RUNS = 5;
const DEADLINE = Number(process.env.PROBE_DEADLINE_MS) > 0 ? Number(process.env.PROBE_DEADLINE_MS) : 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)] + s[Math.ceil(mid)]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

let probeHealth;
try {
  ({ probeHealth } = await importTs('probe', ["export { probeHealth } from './src/probes/health-probe.ts';"]));
} catch (error) {
  console.error(`bench: cannot build the probe: ${error.message}`);
  process.exit(1);
}

const sockets = new Set();
const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.resume(); // read and drop, so the client's close is seen
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => undefined);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const cases = [
  { label: 'http, accepts and never answers', url: `http://127.0.0.1:${port}/health` },
  { label: 'https, TLS handshake never answered', url: `https://127.0.0.1:${port}/health` },
];

console.log('');
console.log(`probe deadline overshoot — node ${process.version}; deadline ${DEADLINE} ms per sample, samples: 3, ${RUNS} runs per case`);
console.log('');
const rows = [];
for (const c of cases) {
  const overshoots = [];
  let finding = '';
  let leftOpen = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = await probeHealth(c.url, { samples: 3, timeoutMs: DEADLINE });
    overshoots.push(performance.now() - t0 - DEADLINE);
    finding = result.findings.join('; ');
    // The probe must have closed its side: give the server a moment to see the FIN.
    const until = Date.now() + 500;
    while (sockets.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    leftOpen += sockets.size;
    for (const s of sockets) s.destroy();
  }
  rows.push({ ...c, overshoots, finding, leftOpen });
}
server.close();

const W = [38, 12, 12, 10, 8];
const pad = (s, n, right) => (right ? String(s).padStart(n) : String(s).padEnd(n));
console.log([pad('', W[0]), pad('median', W[1], 1), pad('max', W[2], 1), pad('aim', W[3], 1), pad('', W[4])].join('  '));
console.log('-'.repeat(W.reduce((a, b) => a + b + 2, -2)));
for (const r of rows) {
  const med = median(r.overshoots);
  const max = Math.max(...r.overshoots);
  console.log(
    [
      pad(r.label, W[0]),
      pad(ms(med), W[1], 1),
      pad(ms(max), W[2], 1),
      pad('≤ 100 ms', W[3], 1),
      pad(max <= 100 ? 'met' : 'MISSED', W[4]),
    ].join('  '),
  );
}
console.log('');
for (const r of rows) {
  console.log(`- ${r.label}: finding "${r.finding}"; runs ${r.overshoots.map((x) => x.toFixed(1)).join(', ')} ms over`);
  if (r.leftOpen > 0) console.log(`  ! ${r.leftOpen} connection(s) still open after the probe returned`);
}
console.log('- overshoot = probeHealth() wall time − the per-sample deadline; one sample is taken (a timeout ends the probe)');
