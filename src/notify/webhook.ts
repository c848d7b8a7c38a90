// Posting one status update to a Slack-compatible incoming webhook or a
// generic JSON webhook, with undici. Never throws, never hangs, never leaks.
//
// - The URL is a credential (Slack's path IS the secret): no result, message
//   or error here contains it. Failures name the environment variable it came
//   from ("webhook (from $INCIDENT_WEBHOOK_URL) answered 500") and at most the
//   host; anything quoted from the server or from Node is scrubbed of the URL,
//   its path and query, and masked (domain/secrets.ts) before it is returned.
// - Deadline: `timeoutMs` is the total, connect to last body byte, kept by our
//   own timer and an AbortController (undici's own timeouts tick on a coarse
//   wheel; they are set to the same value only as backstops), with the same
//   race and connecting-socket teardown as probes/health-probe.ts: undici only
//   honours an abort once a request is on a connected socket.
// - One Agent per post, destroyed before the promise settles, and `reset:
//   true`: no keep-alive socket or timer outlives the post, so the process can
//   exit as soon as the user quits.
// - Redirects are not followed: a webhook that redirects is misconfigured, and
//   following one would send the update (and its Authorization-free secret
//   path) somewhere the user did not name.
// - Retryable: 5xx, 429 (with Retry-After when given), timeouts and network
//   errors. Any other answer will not change by asking again: say what to check.
import { Agent, buildConnector, request } from 'undici';
import { cleanRemote, noAnswerWithin } from '../domain/probe.js';
import { maskSecrets } from '../domain/secrets.js';
import { oneLine, stripControl } from '../domain/sanitize.js';
import type { Severity } from '../domain/types.js';
import type { UpdateKind } from '../domain/status-update.js';
import type { WebhookFormat } from '../config/config-schema.js';
import { VERSION } from '../version.js';
import { trackConnections } from '../probes/tracked-connector.js';
import { describeNetworkError, errorCode, type Phase } from '../probes/network-error.js';

export interface UpdatePayload {
  incidentId: string;
  title: string;
  severity: Severity | null;
  kind: UpdateKind;
  /** The update as shown to the user (draftUpdate). */
  text: string;
  /** When it was sent, ISO 8601 UTC. */
  at: string;
}

export interface PostOptions {
  timeoutMs: number;
  format: WebhookFormat;
  /** The environment variable the URL came from: messages name it instead of the URL. */
  envName?: string;
  /** Cancels the post (the session is ending); it then settles promptly as not retryable. */
  signal?: AbortSignal;
}

export type PostResult =
  | { ok: true; status: number }
  | {
      ok: false;
      /** One line, never containing the URL. */
      error: string;
      retryable: boolean;
      /** The server's Retry-After, when it sent one (429, 503). */
      retryAfterMs?: number;
    };

/** Bytes of an answer read for its first line (Slack says why in the body: "invalid_payload", "no_service"). */
const MAX_ANSWER_BYTES = 4 * 1024;
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** The request body: Slack's `{"text": …}`, or every field for a generic JSON receiver. */
export function webhookBody(payload: UpdatePayload, format: WebhookFormat): string {
  if (format === 'slack') return JSON.stringify({ text: slackEscape(payload.text) });
  return JSON.stringify({
    incident_id: payload.incidentId,
    title: payload.title,
    severity: payload.severity,
    kind: payload.kind,
    text: payload.text,
    at: payload.at,
  });
}

/**
 * Slack reads `<…>` as links and mentions: a title containing `<!channel>`
 * must not page a whole channel. Its docs ask for exactly these three escapes.
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function postUpdate(url: string, payload: UpdatePayload, opts: PostOptions): Promise<PostResult> {
  const who = opts.envName ? `webhook (from $${opts.envName})` : 'webhook';
  let target: URL;
  try {
    target = new URL(url.trim());
  } catch {
    return { ok: false, error: `${who}: not a valid URL — check what ${opts.envName ?? 'the variable'} is set to`, retryable: false };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, error: `${who}: only http and https URLs can be posted to`, retryable: false };
  }
  if (opts.signal?.aborted) return { ok: false, error: `${who}: post cancelled`, retryable: false };
  const timeoutMs = opts.timeoutMs > 0 ? opts.timeoutMs : 5000;
  const scrub = scrubberFor(target, url);

  const state: { phase: Phase } = { phase: 'connect' };
  const { connect, abortConnecting } = trackConnections(buildConnector({ timeout: timeoutMs }), () => (state.phase = 'headers'));
  const agent = new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });

  const controller = new AbortController();
  let timedOut = false;
  let cancelled = false;
  const stop = (why: string): void => {
    controller.abort(new Error(why));
    abortConnecting(why, 'WEBHOOK_ABORTED');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop('webhook deadline');
  }, timeoutMs);
  const onCancel = (): void => {
    cancelled = true;
    stop('webhook cancelled');
  };
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined);

  const send = async (): Promise<PostResult> => {
    const res = await request(target, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `incident/${VERSION}`, accept: '*/*' },
      body: webhookBody(payload, opts.format),
      signal: controller.signal,
      reset: true,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    state.phase = 'body';
    // Scrubbed before cleaning: cleaning masks query secrets, after which the URL would no longer match itself.
    const answer = cleanRemote(scrub(oneLine(stripControl(await readFirstLine(res.body)))), 80);
    return judge(res.statusCode, answer, headerValue(res.headers['retry-after']), who, opts.envName);
  };

  try {
    const work = send();
    work.catch(() => undefined);
    return await Promise.race([work, aborted]);
  } catch (error) {
    if (cancelled) return { ok: false, error: `${who}: post cancelled`, retryable: false };
    const code = errorCode(error);
    const late = timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
    const line = late
      ? noAnswerWithin(timeoutMs, state.phase)
      : describeNetworkError(scrubError(error, scrub), {
          host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: portOf(target),
          timeoutMs,
          phase: state.phase,
        });
    return { ok: false, error: `${who}: ${scrub(line)}`, retryable: true };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
    await agent.destroy().catch(() => undefined);
  }
}

function judge(status: number, answer: string, retryAfter: string | null, who: string, envName: string | undefined): PostResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const said = answer === '' ? '' : ` (${answer})`;
  const check = envName ? `$${envName}` : 'the webhook URL';
  if (status >= 500 || status === 429 || status === 408) {
    const wait = retryAfterMs(retryAfter);
    return {
      ok: false,
      error: `${who} answered ${status}${said}${status === 429 ? ': rate limited' : ''}`,
      retryable: true,
      ...(wait !== null ? { retryAfterMs: wait } : {}),
    };
  }
  const what =
    status === 404 || status === 410
      ? `no webhook at that address: check ${check} is the current URL (the webhook may have been deleted)`
      : status === 401 || status === 403
        ? `refused: check ${check} is the current URL and the webhook may still post to its channel`
        : status >= 300 && status < 400
          ? `a redirect, which is not followed: check ${check} is the webhook's own URL`
          : status === 400 || status === 415 || status === 422
            ? `the message was not accepted: check that format (slack or json) in the config matches what the webhook expects`
            : `not accepted: check ${check} and the config's format`;
  return { ok: false, error: `${who} answered ${status}${said}: ${what}`, retryable: false };
}

/** Seconds or an HTTP date, capped; null when absent or unreadable. */
function retryAfterMs(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(Math.round(ms), MAX_RETRY_AFTER_MS);
}

/** Removes the URL and the parts of it that are secret from text quoted back to the user. */
function scrubberFor(target: URL, given: string): (text: string) => string {
  const secrets = [given.trim(), target.href, `${target.pathname}${target.search}`, target.search, target.username, target.password]
    .filter((s) => s.length > 1 && s !== '/')
    .map((s) => [s, safeDecode(s)])
    .flat()
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('…');
    return maskSecrets(out);
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A copy of an error (and its causes) with every message scrubbed, for describeNetworkError to read. */
function scrubError(error: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (error === null || typeof error !== 'object' || depth > 4) return typeof error === 'string' ? scrub(error) : error;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  return {
    code: e.code,
    message: typeof e.message === 'string' ? scrub(e.message) : '',
    cause: scrubError(e.cause, scrub, depth + 1),
    errors: Array.isArray(e.errors) ? e.errors.map((m) => scrubError(m, scrub, depth + 1)) : undefined,
  };
}

/** The first line of the answer (at most MAX_ANSWER_BYTES are read); the rest is discarded. */
async function readFirstLine(body: AsyncIterable<Buffer> & { destroy: () => void; destroyed: boolean }): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= MAX_ANSWER_BYTES) break;
    }
  } finally {
    if (!body.destroyed) body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8').trim().split('\n')[0] ?? '';
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

const portOf = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');
