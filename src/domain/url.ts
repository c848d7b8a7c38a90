// The service URL typed during detect is what the health probe will hit, so it
// must be an http(s) URL with a real host. People type "api.example.com/health"
// or paste from a browser; both are fine. Other schemes are refused by name:
// probing "file:" or "javascript:" is never what was meant.

import { maskUrl } from './secrets.js';

export type ParsedUrl = { ok: true; url: string } | { ok: false; error: string };

const EXAMPLE = 'e.g. https://api.example.com/health';

/** localhost, a dotted name with a letter TLD, an IPv4 address, or a bracketed IPv6 address. */
function looksLikeHost(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  if (/^\[[0-9a-f:.]+\]$/i.test(hostname)) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return hostname.split('.').every((p) => Number(p) <= 255);
  const labels = hostname.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? '';
  return /^[a-z]{2,63}$/i.test(tld) || /^xn--[a-z0-9-]+$/i.test(tld);
}

export function parseServiceUrl(input: string): ParsedUrl {
  const text = input.trim();
  // What an error quotes back goes to the screen and to stderr (an alert hook's log).
  const quoted = maskUrl(text);
  if (text === '') return { ok: false, error: `No URL given (${EXAMPLE}).` };
  if (/\s/.test(text)) return { ok: false, error: `A URL cannot contain spaces: "${quoted}" (${EXAMPLE}).` };

  const explicit = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  // "mailto:x", "javascript:…" — a scheme without "//". "localhost:8080" is a host and a port, not a scheme.
  const bareScheme = explicit ? null : /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text);
  const scheme = (explicit?.[1] ?? bareScheme?.[1])?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, error: `Only http:// and https:// URLs can be checked, not ${scheme}: (${EXAMPLE}).` };
  }
  // "http:/x" and "https:x" are typos the URL parser repairs for special schemes.
  const candidate = scheme !== undefined ? text : `https://${text}`;

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, error: `"${quoted}" is not a valid URL (${EXAMPLE}).` };
  }
  if (url.hostname === '') return { ok: false, error: `"${quoted}" has no host name (${EXAMPLE}).` };
  // With an explicit scheme any host is accepted (an internal "http://payments:8080");
  // without one, only something that clearly is a host, or a single name with a port.
  if (scheme === undefined && !looksLikeHost(url.hostname) && url.port === '') {
    return { ok: false, error: `"${quoted}" does not look like a URL or host name (${EXAMPLE}).` };
  }
  return { ok: true, url: url.href };
}
