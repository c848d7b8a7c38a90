import { describe, expect, it } from 'vitest';
import { describeNetworkError, errorCode, type ErrorContext } from '../../src/probes/network-error.js';

const ctx: ErrorContext = { host: 'api.example.com', port: '443', timeoutMs: 5000, phase: 'connect' };
const err = (code: string, message = `${code} happened`): Error => Object.assign(new Error(message), { code });

describe('describeNetworkError', () => {
  it.each<[unknown, Partial<ErrorContext>, string]>([
    [err('ENOTFOUND'), {}, 'DNS: host not found (api.example.com)'],
    [err('EAI_AGAIN'), {}, 'DNS: lookup of api.example.com failed for now (no DNS server reachable?)'],
    [err('ECONNREFUSED'), {}, 'connection refused (api.example.com:443)'],
    // Happy eyeballs: the real code sits on the members.
    [
      Object.assign(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], 'x'), {}),
      {},
      'connection refused (api.example.com:443)',
    ],
    // undici wraps the socket error in a SocketError whose cause is better.
    [
      Object.assign(err('UND_ERR_SOCKET', 'other side closed'), { cause: err('ECONNRESET') }),
      { phase: 'headers' },
      'connection closed by api.example.com:443 before an answer',
    ],
    [err('UND_ERR_SOCKET', 'other side closed'), { phase: 'body' }, 'connection closed during the body'],
    [err('EHOSTUNREACH'), {}, 'host unreachable (api.example.com:443)'],
    [err('UND_ERR_CONNECT_TIMEOUT'), {}, 'no answer within 5.0 s (connect)'],
    [err('UND_ERR_HEADERS_TIMEOUT'), {}, 'no answer within 5.0 s (headers)'],
    [err('UND_ERR_BODY_TIMEOUT'), { timeoutMs: 1500 }, 'no answer within 1.5 s (body)'],
    [err('UND_ERR_HEADERS_OVERFLOW'), {}, 'response headers too large'],
    [err('HPE_INVALID_CONSTANT'), {}, 'invalid HTTP response (HPE_INVALID_CONSTANT)'],
    [err('CERT_HAS_EXPIRED'), {}, 'TLS: certificate has expired'],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT'), {}, 'TLS: self-signed certificate'],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), {}, 'TLS: certificate is for another host name'],
    [err('ERR_SSL_WRONG_VERSION_NUMBER'), {}, 'TLS handshake failed with api.example.com:443 (ERR_SSL_WRONG_VERSION_NUMBER happened)'],
    [err('EWEIRD', 'first line\nsecond \u001b[31mline'), {}, 'EWEIRD: first line second line'],
    [new Error('no code at all'), {}, 'no code at all'],
    ['a string', {}, 'a string'],
  ])('%#: %s', (error, over, line) => {
    expect(describeNetworkError(error, { ...ctx, ...over })).toBe(line);
  });

  it('errorCode survives cycles and depth', () => {
    const a: { code?: string; cause?: unknown } = {};
    a.cause = a;
    expect(errorCode(a)).toBeNull();
    expect(errorCode(null)).toBeNull();
  });
});
