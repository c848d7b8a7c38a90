// X.509 certificates made at run time for the drill's HTTPS service: a
// throwaway CA and leaves for 127.0.0.1/localhost with any validity window
// (valid, about to expire, expired hours ago). P-256 keys and ECDSA
// signatures come from node:crypto; the certificate itself is a few DER
// structures written here.
//
// Why not a library or the openssl CLI (as test/helpers/servers.ts uses): the
// openssl binary is not on every responder's laptop, and OpenSSL 3.0's
// `req`/`x509` cannot back-date a certificate (the tests use `openssl ca`
// for that). The npm options (`selfsigned`, `@peculiar/x509`) pull in pkijs,
// the @peculiar ASN.1 stack, tsyringe and reflect-metadata: some twenty
// packages for what is under a hundred lines of DER here, checked in tests by
// Node's own X509Certificate and a real TLS handshake.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// ---------------------------------------------------------------- DER

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : null;
  if (!length) throw new Error('DER value too long');
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), content]));
const TRUE = tlv(0x01, Buffer.from([0xff]));

function unsigned(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (commonName: string): Buffer => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? seq(oid(id), TRUE, octets(value)) : seq(oid(id), octets(value));

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

// ---------------------------------------------------------------- certificates

export interface Issued {
  /** PEM. */
  cert: string;
  /** PEM (PKCS#8). */
  key: string;
  privateKey: KeyObject;
  keyId: Buffer;
  commonName: string;
}

export interface CertificateRequest {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** Omitted: self-signed. */
  issuer?: Issued;
}

export function issueCertificate(req: CertificateRequest): Issued {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(spki).digest();
  const signer = req.issuer ?? { privateKey, keyId, commonName: req.commonName };
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const extensions = req.isCa
    ? [
        extension('2.5.29.19', true, seq(TRUE)),
        // keyCertSign and cRLSign: bits 5 and 6, one unused bit.
        extension('2.5.29.15', true, bits(Buffer.from([0x06]), 1)),
        extension('2.5.29.14', false, octets(keyId)),
      ]
    : [
        extension('2.5.29.19', true, seq()),
        // digitalSignature: bit 0, seven unused bits.
        extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)),
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.17', false, seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost')))),
        extension('2.5.29.14', false, octets(keyId)),
        extension('2.5.29.35', false, seq(tlv(0x80, signer.keyId))),
      ];
  const tbs = seq(
    explicit(0, unsigned(Buffer.from([2]))),
    unsigned(serial),
    ECDSA_SHA256,
    name(signer.commonName),
    seq(time(req.notBefore), time(req.notAfter)),
    name(req.commonName),
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, signer.privateKey);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    keyId,
    commonName: req.commonName,
  };
}

export interface KeyPair {
  key: string;
  cert: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** A CA (trust it with the probe's `ca`) and a way to issue leaves for 127.0.0.1 with any window. */
export function drillCertificateAuthority(now: Date, label: string): { ca: string; issue: (notBefore: Date, notAfter: Date) => KeyPair } {
  const ca = issueCertificate({
    commonName: `${label} drill CA`,
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    isCa: true,
  });
  return {
    ca: ca.cert,
    issue: (notBefore, notAfter) => {
      const leaf = issueCertificate({ commonName: '127.0.0.1', notBefore, notAfter, isCa: false, issuer: ca });
      return { key: leaf.key, cert: leaf.cert };
    },
  };
}

export interface DrillCertificates {
  /** PEM of the CA: what a probe must trust. */
  ca: string;
  /** Served from the start; runs out when the schedule says the certificate expires. */
  initial: KeyPair;
  /** Expired just before that moment, or hours ago when it is the start. */
  expired: KeyPair;
  /** A fresh one, valid for 90 days from now. */
  renew: () => KeyPair;
}

/** The certificates of a drill; `expiresInMs`: when the schedule expires it (null: never). Dates from the real clock. */
export function drillCertificates(label: string, expiresInMs: number | null): DrillCertificates {
  const now = new Date();
  const t = now.getTime();
  const authority = drillCertificateAuthority(now, label);
  const validUntil = new Date(expiresInMs === null ? t + 60 * DAY : t + expiresInMs);
  const expiredAt = expiresInMs === null || expiresInMs === 0 ? new Date(t - 3 * 60 * 60 * 1000) : new Date(validUntil.getTime() - 1000);
  return {
    ca: authority.ca,
    initial: authority.issue(new Date(t - 89 * DAY), validUntil),
    expired: authority.issue(new Date(expiredAt.getTime() - 90 * DAY), expiredAt),
    renew: () => {
      const at = Date.now();
      return authority.issue(new Date(at - 60_000), new Date(at + 90 * DAY));
    },
  };
}
