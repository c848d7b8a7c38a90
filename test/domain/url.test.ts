import { describe, expect, it } from 'vitest';
import { parseServiceUrl } from '../../src/domain/url.js';

describe('parseServiceUrl: accepted', () => {
  it.each<[string, string]>([
    ['https://api.example.com/health', 'https://api.example.com/health'],
    ['http://api.example.com/health', 'http://api.example.com/health'],
    ['  https://Example.COM  ', 'https://example.com/'],
    ['HTTPS://example.com/x?y=1#z', 'https://example.com/x?y=1#z'],
    ['api.example.com/health', 'https://api.example.com/health'],
    ['example.com', 'https://example.com/'],
    ['localhost:8080/health', 'https://localhost:8080/health'],
    ['localhost', 'https://localhost/'],
    ['10.0.0.1:8443/status', 'https://10.0.0.1:8443/status'],
    ['[::1]:8080', 'https://[::1]:8080/'],
    ['payments:8080/health', 'https://payments:8080/health'],
    ['http://payments/health', 'http://payments/health'],
    ['http:/example.com', 'http://example.com/'],
    ['bücher.example', 'https://xn--bcher-kva.example/'],
  ])('%j → %s', (input, url) => {
    expect(parseServiceUrl(input)).toEqual({ ok: true, url });
  });
});

describe('parseServiceUrl: refused', () => {
  it.each<[string, RegExp]>([
    ['', /No URL given/],
    ['   ', /No URL given/],
    ['ftp://example.com/file', /Only http:\/\/ and https:\/\/ URLs can be checked, not ftp:/],
    ['file:///etc/passwd', /not file:/],
    ['javascript:alert(1)', /not javascript:/],
    ['mailto:oncall@example.com', /not mailto:/],
    ['ssh://git@example.com', /not ssh:/],
    ['not sure', /cannot contain spaces/],
    ['foo', /does not look like a URL or host name/],
    ['n/a', /does not look like a URL or host name/],
    ['https://', /not a valid URL/],
    ['example.com:99999', /not a valid URL/],
    ['999.1.1.1', /does not look like a URL or host name|not a valid URL/],
    // What is quoted back is masked: it goes to the screen and to stderr.
    ['https://ops:hunter22@api.example.com:99999/health', /^"https:\/\/ops:\*{4}@api\.example\.com:99999\/health" is not a valid URL/],
    ['api.example.com/health?token=abc123 now', /^A URL cannot contain spaces: "api\.example\.com\/health\?token=\*{4} now"/],
  ])('%j → %s', (input, error) => {
    const r = parseServiceUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(error);
      expect(r.error).toContain('https://api.example.com/health');
    }
  });
});
