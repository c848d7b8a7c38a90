// The health probe and the culprit ranking as the guided mode runs them beside
// the flow. Loaded when first needed: undici and simple-git stay off the
// start-up path.
import type { DiagnosticsDeps } from '../session/diagnostics.js';

/** `ca`: a drill's CA (PEM), trusted besides the system's roots. */
export function diagnosticsDeps(opts: { ca?: string | null } = {}): DiagnosticsDeps {
  return {
    probe: async (url, purpose, signal) => {
      const { probeHealth } = await import('../probes/health-probe.js');
      // A `ca` replaces the trusted roots: the system's stay, so a real URL typed in a drill is still judged fairly.
      const ca = opts.ca ? [...(await import('node:tls')).rootCertificates, opts.ca] : undefined;
      return { ...(await probeHealth(url, { samples: purpose === 'verify' ? 5 : 3, signal, ...(ca ? { ca } : {}) })), purpose };
    },
    culprits: async (repo, start) => {
      const { findCulprits, toCulpritSummary } = await import('../git/find-culprits.js');
      const found = await findCulprits(repo, start, 48);
      if (found.error) throw new Error(found.error);
      const note = found.ranked.length === 0 ? (found.warnings[0] ?? 'no commits in the 48 h before the start') : null;
      return { commits: found.ranked.slice(0, 5).map(toCulpritSummary), note };
    },
  };
}
