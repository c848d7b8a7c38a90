// The drill's certificates, read back by Node's own X.509 parser and used in
// a real TLS handshake: dates, names, issuer and signature as written.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { drillCertificateAuthority, issueCertificate } from '../../src/drills/certificates.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();

async function handshake(pair: { key: string; cert: string }, ca: string): Promise<{ authorized: boolean; error: string | null }> {
  const server = https.createServer(pair, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca, rejectUnauthorized: false }, () => {
        resolve({ authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : null });
        socket.end();
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('drill certificates', () => {
  const authority = drillCertificateAuthority(now, 'test');
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + 90 * DAY);
  const leaf = authority.issue(notBefore, notAfter);

  it('a leaf for 127.0.0.1 and localhost, issued and signed by the CA, with the window asked for (to the second)', () => {
    const ca = new X509Certificate(authority.ca);
    const cert = new X509Certificate(leaf.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=127.0.0.1');
    expect(cert.issuer).toBe(ca.subject);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBe(Math.floor(notBefore.getTime() / 1000) * 1000);
    expect(new Date(cert.validTo).getTime()).toBe(Math.floor(notAfter.getTime() / 1000) * 1000);
    expect(cert.checkPrivateKey(createPrivateKey(leaf.key))).toBe(true);
  });

  it('a TLS client that trusts the CA accepts a valid leaf and refuses an expired one', async () => {
    expect(await handshake(leaf, authority.ca)).toEqual({ authorized: true, error: null });
    const expired = authority.issue(new Date(now.getTime() - 90 * DAY), new Date(now.getTime() - 3600_000));
    expect(await handshake(expired, authority.ca)).toEqual({ authorized: false, error: 'CERT_HAS_EXPIRED' });
  });

  it('dates after 2049 are written as GeneralizedTime', () => {
    const late = issueCertificate({ commonName: 'late', notBefore: now, notAfter: new Date('2061-01-02T03:04:05Z'), isCa: true });
    expect(new Date(new X509Certificate(late.cert).validTo).toISOString()).toBe('2061-01-02T03:04:05.000Z');
  });
});
