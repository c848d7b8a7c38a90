// undici's connector, keeping hold of the sockets it makes. A deadline or a
// cancel must end a connection still being made at once — aborting the
// request alone leaves a TCP or TLS handshake running until its own timeout —
// and the caller learns when a connection is up (its phase moves on to headers).
// Shared by the health probe and the webhook sender.
import { Socket } from 'node:net';
import type { buildConnector } from 'undici';

export interface TrackedConnector {
  connect: buildConnector.connector;
  /** Every socket still open. */
  open: ReadonlySet<Socket>;
  /** Destroys the sockets still connecting, failing their requests with `code`. */
  abortConnecting: (reason: string, code: string) => void;
}

export function trackConnections(base: buildConnector.connector, onConnected: () => void): TrackedConnector {
  const open = new Set<Socket>();
  const connecting = new Set<Socket>();
  const connect: buildConnector.connector = (options, callback) => {
    let socket: Socket | null = null;
    const returned: unknown = base(options, (...args) => {
      if (socket !== null) connecting.delete(socket);
      if (args[0] === null) onConnected();
      callback(...args);
    });
    // buildConnector returns the socket it creates; if a future undici does not, the callers' deadlines still hold.
    if (returned instanceof Socket && !returned.destroyed) {
      const s = returned;
      socket = s;
      open.add(s);
      connecting.add(s);
      s.once('close', () => {
        open.delete(s);
        connecting.delete(s);
      });
    }
  };
  const abortConnecting = (reason: string, code: string): void => {
    for (const s of connecting) s.destroy(Object.assign(new Error(reason), { code }));
  };
  return { connect, open, abortConnecting };
}
