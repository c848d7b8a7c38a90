// Secrets must never reach the timeline, the lowdb index or a post-mortem in
// git: on-call engineers paste curl commands, log lines and config snippets in
// a hurry. Everything typed or captured passes through maskSecrets before it is
// stored (see sanitize.ts cleanInput).
//
// Design: a short list of regex rules, most specific first. A match keeps a
// short, non-secret hint (the key name, the token prefix such as `ghp_`) and
// replaces the secret part with MASK, so a reader can still tell WHAT was
// there. Masking is idempotent (masking masked text changes nothing), which is
// also how containsSecret works. It errs on the side of masking: "password:
// reset by hand" loses "reset"; a leaked credential in a git history is worse.

export const MASK = '****';

type Rule = { pattern: RegExp; replace: (match: string, ...groups: (string | undefined)[]) => string };

const keep = (prefix: string | undefined): string => `${prefix ?? ''}${MASK}`;
/** Already masked by a more specific rule (`GITHUB_TOKEN=ghp_****` keeps its hint). */
const masked = (value: string | undefined): boolean => value !== undefined && /^[A-Za-z0-9_-]{0,12}\*{4}$/.test(value);

/** Query/fragment parameter names whose values are secret wherever they appear. */
const SECRET_PARAMS =
  'token|access_token|refresh_token|id_token|auth_token|api_key|api-key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature';

/**
 * Key names in `key=value` / `key: value` assignments end with one of these
 * (`DB_PASSWORD`, `client_secret`, `aws_secret_access_key`). The match starts
 * at the ending itself, not at the start of the name: scanning back over a
 * name prefix at every position cost ~1 s per MB on hostile input.
 */
const SECRET_KEY = String.raw`(?:password|passwd|secret|token|api[_-]?key|apikey|(?:access|secret|private|auth|signing|encryption|master)[_-]?key)`;

const RULES: Rule[] = [
  // (Complete PEM private key blocks are masked first, by maskKeyBlocks.)
  // A key pasted without its END line: mask the base64 lines that follow.
  {
    pattern: /(-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY[A-Z ]{0,10}-----)(?!\*{4})(?:\s+[A-Za-z0-9+/=:,-]{16,})+/g,
    replace: (_m, head) => `${head}${MASK}`,
  },
  // Webhook URLs whose path IS the credential.
  { pattern: /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'<>`]+/gi, replace: (_m, p) => keep(p) },
  { pattern: /(https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/)[^\s"'<>`]+/gi, replace: (_m, p) => keep(p) },
  // user:password@ in any URL (postgres://, redis://, https:// …): the user stays, the password goes.
  {
    pattern: /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@:]{0,200}):([^\s/?#@]{1,500})@/gi,
    replace: (m, scheme, user, pw) => (masked(pw) ? m : `${scheme}${user}:${MASK}@`),
  },
  // Secret query (or fragment, for OAuth implicit flow) parameters.
  {
    pattern: new RegExp(String.raw`([?&#]|&amp;)(${SECRET_PARAMS})=([^&#\s"'<>\`]+)`, 'gi'),
    replace: (m, sep, name, value) => (masked(value) ? m : `${sep}${name}=${MASK}`),
  },
  // Tokens recognisable by their prefix.
  { pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(gh[pousr]_)[A-Za-z0-9]{20,}\b/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(github_pat_)[A-Za-z0-9_]{20,}/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(gl(?:pat|dt|rt|ptt|soat)-)[A-Za-z0-9_-]{20,}/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(xox[abeoprs]-|xapp-)[A-Za-z0-9-]{10,}/g, replace: (_m, p) => keep(p) },
  { pattern: /\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{10,}/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(sk-(?:proj-|ant-)?)[A-Za-z0-9_-]{20,}/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(npm_)[A-Za-z0-9]{36}\b/g, replace: (_m, p) => keep(p) },
  { pattern: /\b(AIza)[A-Za-z0-9_-]{35}/g, replace: (_m, p) => keep(p) },
  // JWTs: header.payload.signature, both JSON parts base64url of "{"…
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: () => `eyJ${MASK}` },
  // Authorization headers, with or without a scheme word.
  {
    pattern: /\b(authorization["']?[ \t]*[:=][ \t]*["']?)(?:(bearer|basic|token|digest|negotiate)[ \t]+)?([^\s"',;]+)/gi,
    replace: (m, head, scheme, value) => (masked(value) ? m : `${head}${scheme ? `${scheme} ` : ''}${MASK}`),
  },
  // Cookie headers carry sessions: every value goes, the names stay. To the end
  // of the line, uncapped: a header cut at some length would leave its tail.
  {
    pattern: /\b((?:set-)?cookie["']?[ \t]*:[ \t]*)([^\r\n"'`]+)/gi,
    replace: (_m, head, pairs) =>
      `${head}${(pairs ?? '').replace(/=([^;,\s]+)/g, (pair: string, value: string) => (masked(value) ? pair : `=${MASK}`))}`,
  },
  // A bearer token anywhere else (e.g. `-H "Bearer …"`); long enough not to be an English word.
  { pattern: /\b(bearer)[ \t]+[A-Za-z0-9._~+/-]{16,}=*/gi, replace: (_m, word) => `${word} ${MASK}` },
  // curl -u user:password
  {
    pattern: /(^|\s)(-u|--user)([ \t]+|=)([^\s:"']+):([^\s"']+)/g,
    replace: (m, sp, flag, sep, user, pw) => (masked(pw) ? m : `${sp}${flag}${sep}${user}:${MASK}`),
  },
  // --password hunter2, --api-key=… (the `=` form is also caught below)
  {
    pattern: /(--(?:[a-z0-9]+-)*(?:password|passwd|token|secret|api-?key))[ \t]+(?!-)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/gi,
    replace: (m, flag, value) => (masked(value) ? m : `${flag} ${MASK}`),
  },
  // password=…, "api_key": "…", DB_PASSWORD='…', token := …, secret => …
  {
    pattern: new RegExp(
      // Not the user name of a URL ("https://x-access-token:…@"): the userinfo rule owns that.
      // (The look-behind sits after the key so it only runs where a key matched.)
      String.raw`(${SECRET_KEY})(?<!:\/\/[A-Za-z0-9_.-]{0,100})(["']?)([ \t]*(?::=|=>|[:=])[ \t]*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;&]+))`,
      'gi',
    ),
    replace: (m, key, q, sep, dq, sq, bare) => {
      const value = dq ?? sq ?? bare ?? '';
      if (value === '' || masked(value)) return m;
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
      return `${key}${q}${sep}${quote}${MASK}${quote}`;
    },
  },
];

const KEY_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,20}PRIVATE KEY[A-Z ]{0,10})-----/g;
const KEY_END = /-----END ([A-Z0-9 ]{0,20}PRIVATE KEY[A-Z ]{0,10})-----/g;
/** A key body longer than this is not one key (an 8192-bit RSA key is ~6.5 KB). */
const KEY_BODY_MAX = 16_384;

/**
 * PEM private keys (RSA, EC, OPENSSH, PGP …), BEGIN through the matching END:
 * the whole body goes. Done by hand rather than with one regex because a lazy
 * `[\s\S]{0,16384}?` re-scans 16 KB after every BEGIN: quadratic in effect on
 * a paste of BEGIN lines. Here every END is found once, and each BEGIN takes
 * the first END of its kind after it (a pointer that only moves forward).
 */
function maskKeyBlocks(text: string): string {
  let out = '';
  let done = 0;
  for (const block of keyBlocks(text)) {
    out += `${text.slice(done, block.start)}-----BEGIN ${block.kind}-----${MASK}-----END ${block.kind}-----`;
    done = block.end;
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Where the private key blocks are: BEGIN line through END line, in order, not overlapping. */
function keyBlocks(text: string): (Span & { kind: string })[] {
  if (!text.includes('PRIVATE KEY')) return [];
  const ends = new Map<string, { at: number[]; next: number }>();
  for (const m of text.matchAll(KEY_END)) {
    const kind = m[1] ?? '';
    const list = ends.get(kind) ?? { at: [], next: 0 };
    list.at.push(m.index);
    ends.set(kind, list);
  }
  const blocks: (Span & { kind: string })[] = [];
  let done = 0;
  for (const m of text.matchAll(KEY_BEGIN)) {
    if (m.index < done) continue;
    const kind = m[1] ?? '';
    const body = m.index + m[0].length;
    const list = ends.get(kind);
    if (!list) continue;
    while (list.next < list.at.length && list.at[list.next]! < body) list.next++;
    const end = list.at[list.next];
    if (end === undefined || end - body > KEY_BODY_MAX) continue;
    done = end + `-----END ${kind}-----`.length;
    blocks.push({ start: m.index, end: done, kind });
  }
  return blocks;
}

/** A part of a text, `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where the secrets are in a text (what maskSecrets would change), merged and
 * in order: a field being edited treats each as one unit, so that editing
 * never leaves part of a secret on the screen.
 */
export function secretSpans(text: string): Span[] {
  const found: Span[] = keyBlocks(text).map(({ start, end }) => ({ start, end }));
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      if (rule.replace(m[0], ...m.slice(1)) !== m[0]) found.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  return mergeSpans(found);
}

/** Overlapping spans become one. */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

/**
 * The secrets of a field as units for editing and display: what the patterns
 * see, and every place a secret the field held before (`known`) still appears
 * — also where an edit next to it ("ab ghp_…" → "abghp_…") hides it from them.
 */
export function secretUnits(value: string, known: readonly string[] = []): Span[] {
  const spans = secretSpans(value);
  const all: Span[] = [...spans];
  for (const secret of known) {
    if (secret === '') continue;
    for (let at = value.indexOf(secret); at !== -1; at = value.indexOf(secret, at + secret.length)) {
      all.push({ start: at, end: at + secret.length });
    }
  }
  return all.length === spans.length ? spans : mergeSpans(all);
}

/**
 * What the field remembers after an edit: every secret the patterns see now,
 * and every one it held before that is still in the text but hidden from them
 * now — except a shorter one that only appears inside a longer one (the
 * prefixes of a token typed a key at a time).
 */
export function rememberSecrets(known: readonly string[], value: string): string[] {
  const visible = new Set(secretSpans(value).map((s) => value.slice(s.start, s.end)));
  const hidden = known.filter((k) => !visible.has(k) && value.includes(k));
  const longer = [...visible, ...hidden];
  const kept = hidden.filter((k) => {
    const within = longer.filter((l) => l.length > k.length && l.includes(k));
    if (within.length === 0) return true;
    // Still needed where it appears outside every longer one.
    let rest = value;
    for (const l of within) rest = rest.split(l).join('\u0000');
    return rest.includes(k);
  });
  return [...visible, ...kept];
}

/**
 * Replaces secret values in free text with MASK, keeping a non-secret hint
 * (key name, token prefix). The rules run in order, and once more in the
 * reverse order where two secrets run together: a token rule can read on into
 * the next word ("ghp_…password=hunter2") and hide its key name from the rule
 * after it. The one that masked more secrets is kept (on a tie, the usual
 * order, which keeps the more telling hints).
 */
export function maskSecrets(text: string): string {
  const forward = applyRules(text, RULES);
  if (forward === text) return text;
  const backward = applyRules(text, REVERSED);
  return masks(backward) > masks(forward) ? backward : forward;
}

const masks = (text: string): number => text.split(MASK).length - 1;

const REVERSED = [...RULES].reverse();

function applyRules(text: string, rules: readonly Rule[]): string {
  let out = maskKeyBlocks(text);
  for (const rule of rules) {
    out = out.replace(rule.pattern, rule.replace as (match: string, ...rest: unknown[]) => string);
  }
  return out;
}

/**
 * A text being typed, masked for the screen, with where its cursor falls in
 * the masked text (a cursor inside a secret goes to just after it). `known`
 * are secrets seen in the field before: still masked where an edit around
 * them (a space taken out before a token) means the patterns no longer see them.
 */
export function maskWithCursor(value: string, cursor: number, known: readonly string[] = []): { value: string; cursor: number } {
  const units = secretUnits(value, known);
  if (units.length === 0) return { value, cursor };
  let out = '';
  let shown = cursor;
  let done = 0;
  for (const unit of units) {
    const raw = value.slice(unit.start, unit.end);
    const masked = maskSecrets(raw);
    const piece = masked === raw ? MASK : masked;
    out += value.slice(done, unit.start);
    if (cursor > unit.start && cursor < unit.end) shown = out.length + piece.length;
    else if (cursor >= unit.end) shown += piece.length - raw.length;
    out += piece;
    done = unit.end;
  }
  return { value: out + value.slice(done), cursor: shown };
}

/**
 * maskSecrets on every string inside a JSON-like value (a timeline entry's
 * data: strings nested in objects and arrays, such as probe errors and commit
 * subjects). Keys are ours, not typed, and are kept.
 */
export function maskDeep<T>(value: T): T {
  return deepMask(value) as T;
}

function deepMask(value: unknown): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map(deepMask);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMask(v)]));
  }
  return value;
}

/** True when maskSecrets would change the text (already-masked text is not a secret). */
export function containsSecret(text: string): boolean {
  return maskSecrets(text) !== text;
}

/** Any query parameter whose name merely CONTAINS one of these is masked in a stored URL. */
const URL_SECRET_PARAM = /token|secret|passw|pwd|key|sig|auth|credential|session/i;

/**
 * For URLs that are stored (the service URL, a dashboard link): stricter than
 * maskSecrets. Any query parameter whose name suggests a secret is masked
 * (`X-Amz-Credential`, `sessionid`, `sharedKey`), and a long user-only userinfo
 * (`https://<token>@host`) is treated as a token.
 */
export function maskUrl(url: string): string {
  const masked = url
    .replace(/^([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@:]{20,})@/i, (_m, scheme: string) => `${scheme}${MASK}@`)
    .replace(/([?&#])([^=&#?\s]{1,100})=([^&#\s]*)/g, (m, sep: string, name: string, value: string) =>
      value !== '' && URL_SECRET_PARAM.test(name) ? `${sep}${name}=${MASK}` : m,
    );
  return maskSecrets(masked);
}
