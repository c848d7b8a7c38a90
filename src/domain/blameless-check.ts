// A blameless check for post-mortem text (issue 5): points at sentences that
// blame a person and at mentions of AI tools, each with a suggestion. It only
// points: the author decides, so a heuristic that sometimes points wrongly is
// acceptable, and one that cries wolf on "the deploy failed to start" is not.
// Hence a person must be the subject (a name, he/she, an @handle, a role) and
// the verb must be about a person's action or omission; systems and "we" are
// left alone (the team owning a gap is what a blameless review says).

export type FindingKind = 'blame' | 'ai-tool';

export interface Finding {
  kind: FindingKind;
  /** The sentence pointed at (shortened when long). */
  excerpt: string;
  /** Offsets of that sentence in the checked text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** The words that triggered the finding. */
  match: string;
  suggestion: string;
}

const EXCERPT_MAX = 160;

export const SUGGESTIONS = {
  humanError:
    '"Human error" ends the inquiry too early: describe what made the mistake easy to make and hard to catch (tooling, defaults, checks).',
  fault: 'Say what happened and what allowed it, not whose fault it was.',
  judgement:
    "A judgement of someone's care does not prevent a repeat: describe the action and what would have caught it (a check, a default, a guard).",
  person:
    'Name the action and the gap, not the person: e.g. "the migration was not run; the deploy checklist doesn\'t include it" instead of "Bob forgot to run the migration".',
  aiTool: 'Describe what the change did and which check (review, tests, rollout) let it through; the tool used to write it is not a cause.',
} as const;

interface Rule {
  kind: FindingKind;
  re: RegExp;
  suggestion: string;
  /** Extra test on a match (negation, context); true keeps it. */
  keep?: (sentence: string, index: number, match: string) => boolean;
}

// ── who can be blamed ───────────────────────────────────────────────────────

/** Moderate-length words a name-shaped subject is not: sentence starters and the systems incidents are about. */
const NOT_NAMES = new Set(
  (
    'the this that these those it its we our us you your my a an after before when while then because since during at on in once if ' +
    'nothing everything something nobody everyone everybody no yes also however unfortunately later meanwhile finally first second next ' +
    'soon eventually luckily fortunately initially overnight today yesterday tonight there here what which who why how where all both each ' +
    'every most some many few several other another only even still yet so but and or nor for as by from into with without about around ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'redis postgres postgresql mysql mariadb mongo mongodb sqlite cassandra kafka rabbitmq rabbit nginx apache haproxy envoy istio traefik caddy ' +
    'varnish memcached elasticsearch opensearch kibana grafana prometheus datadog sentry pagerduty opsgenie splunk jenkins circleci github gitlab ' +
    'bitbucket docker kubernetes helm terraform ansible puppet chef vault consul nomad aws azure gcp google amazon heroku vercel netlify cloudflare ' +
    'fastly akamai stripe twilio sendgrid mailgun okta slack linux ubuntu debian windows java node python ruby rails django flask spring rust php ' +
    'laravel react angular vue webpack npm yarn celery sidekiq resque cron lambda fargate argo flux spinnaker bazel gradle maven hasura supabase ' +
    'firebase snowflake airflow spark hadoop hive presto trino looker tableau zookeeper etcd certbot ' +
    'deploy deployment release build server servers service services database cache queue worker workers job jobs app application site website ' +
    'page pipeline monitoring alerting alert alerts pager traffic load latency rollout rollback migration migrations config configuration health ' +
    'error errors disk memory network proxy gateway balancer cluster node nodes pod pods container containers instance instances host hosts ' +
    'replica primary leader follower shard index scheduler script tests test checkout payments payment billing search auth login signup cart ' +
    'orders order inventory frontend backend storage bucket autoscaling autoscaler replication failover backup backups patch update upgrade ' +
    'version feature flag flags code commit change changes fix hotfix dashboard dashboards logs logging metrics tracing system systems process ' +
    'processes thread threads request requests response responses connection connections pool socket timeout timeouts retry retries client ' +
    'clients customer customers user users spike validation cert certificate probe'
  ).split(' '),
);

const NAME = String.raw`(?<![\w@.'’-])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s)`;
const HANDLE = String.raw`@[\w.-]+`;
const ROLE_NOUN =
  String.raw`(?:engineers?|developers?|devs?|interns?|operators?|admins?|administrators?|sres?|dbas?|contractors?|hires?|teammates?|colleagues?|` +
  String.raw`reviewers?|authors?|managers?|on-?call(?:ers?)?|employees?|team ?leads?|(?:[\w-]+\s+)?team)`;
const ROLE = String.raw`\b(?:the|an?|our|their|one of (?:the|our))\s+(?:(?:new|junior|senior|on-?call|database|release|lead|staff|platform|backend|frontend|ops)\s+)?${ROLE_NOUN}\b`;
const PERSON_PRONOUN = String.raw`\b(?:he|she|someone|somebody)\b`;

const ADVERBS = String.raw`(?:\s+(?:accidentally|mistakenly|apparently|just|simply|also|then|again|clearly|obviously|somehow|carelessly|unfortunately|probably|had|has|have|must have|must've|never))*`;

/** "should have checked", not "access they should not have". */
const PARTICIPLE = String.raw`(?:\w+(?:ed|en|wn|ne)|run|set|put|hit|cut|read|let|caught|told|left|kept|sent|built|made|got|brought|thought|taught)\b`;
/** An action or omission of a person, whoever the subject. */
const STRONG_VERB =
  String.raw`(?:forgot|forgets|forgotten|(?:should(?:n['’]t| not)? have|should['’]ve)\s+${PARTICIPLE}|neglected|ignored|messed up|screwed up|botched|fat[- ]?fingered|` +
  String.raw`overlooked|did(?:n['’]t| not) bother|was (?:careless|negligent|sloppy)|made (?:a mistake|an error|a typo)|missed)\b`;
/** Verbs systems do too ("Redis broke"): only with a subject that is surely a person. */
const WEAK_VERB = String.raw`(?:broke|caused|deleted|dropped|introduced|skipped|(?:pushed|deployed|merged|shipped) (?:a |an |the )?(?:bad|broken|untested|buggy))\b`;
/** What a person fails to do; "failed to start" is a system's. */
const HUMAN_ACTION =
  String.raw`(?:run|check|test|review|follow|notice|verify|read|update|tell|inform|escalate|page|ask|wait|communicate|roll back|apply|` +
  String.raw`look|see|know|reali[sz]e|think|consider|document|double-check|confirm|monitor|watch|notify|warn|coordinate)\b`;
const NOT_DONE = String.raw`(?:failed to|did(?:n['’]t| not)|never)`;

const PERSON_VERB_RULES: Rule[] = [
  // he / she / someone / @handle / "the intern": any of it.
  {
    kind: 'blame',
    re: new RegExp(`(?:${PERSON_PRONOUN}|${HANDLE}|${ROLE})${ADVERBS}\\s+(?:${STRONG_VERB}|${WEAK_VERB}|${NOT_DONE}\\s+\\w+)`, 'gi'),
    suggestion: SUGGESTIONS.person,
  },
  // A name: the person verbs, and "failed to"/"didn't" only with a person's action.
  {
    kind: 'blame',
    re: new RegExp(`(${NAME})${ADVERBS}\\s+(?:${STRONG_VERB}|${WEAK_VERB}|${NOT_DONE}\\s+${HUMAN_ACTION})`, 'g'),
    suggestion: SUGGESTIONS.person,
    keep: (_s, _i, match) => isName(match),
  },
  // "they" is as often the servers: only what only people do.
  {
    kind: 'blame',
    re: new RegExp(`\\bthey${ADVERBS}\\s+(?:${STRONG_VERB}|${NOT_DONE}\\s+${HUMAN_ACTION})`, 'gi'),
    suggestion: SUGGESTIONS.person,
  },
  // "Bob's change broke checkout", "his typo".
  {
    kind: 'blame',
    re: new RegExp(
      String.raw`(?:(${NAME.replace(String.raw`(?=\s)`, '')})['’]s|${HANDLE}['’]s|\b(?:[Hh]is|[Hh]er))\s+(?:` +
        String.raw`(?:change|commit|PR|pull request|deploy|deployment|push|script|query|migration|config|code)${ADVERBS}\s+(?:broke|caused|took down|deleted|dropped)|` +
        String.raw`(?:mistake|error|blunder|screw-?up|typo|oversight))\b`,
      'g',
    ),
    suggestion: SUGGESTIONS.person,
    keep: (_s, _i, match) => /^(?:@|his\b|her\b)/i.test(match) || isName(match.replace(/['’]s\b.*$/s, '')),
  },
];

/** True when the leading name-shaped words of `match` are not a known starter or system word. */
function isName(match: string): boolean {
  const words = /^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?/.exec(match)?.[0].split(/\s+/) ?? [];
  return words.length > 0 && words.every((w) => !NOT_NAMES.has(w.toLowerCase()));
}

// ── negation ────────────────────────────────────────────────────────────────

/** "No one is to blame", "not about fault", "we don't blame": the four words before say it is not blame. */
function notNegated(sentence: string, index: number): boolean {
  const before = sentence.slice(0, index).trim().split(/\s+/).slice(-4).join(' ');
  return !/\b(?:no|not|nobody|never|without|nor|noone)\b|n['’]t\b/i.test(before);
}

const BLAME_RULES: Rule[] = [
  {
    kind: 'blame',
    re: /\b(?:human|operator|user|pilot|engineer|developer|admin|manual)[- ]errors?\b/gi,
    suggestion: SUGGESTIONS.humanError,
    keep: notNegated,
  },
  {
    kind: 'blame',
    re: /(?:\b[\w@.-]+['’]s|\b(?:his|her|their|my|your))\s+fault\b|\bat fault\b|\bfault (?:lies|lay|is|was) with\b|\bthe fault of\b/gi,
    suggestion: SUGGESTIONS.fault,
    keep: (s, i, m) => notNegated(s, i) && !/^(?:nobody|noone|anyone|anybody|no one)['’]s/i.test(m) && !/\bno one['’]s\s+fault/i.test(s),
  },
  {
    kind: 'blame',
    re: /\bblam(?:e|ed|es|ing)\b(?!-free|less)/gi,
    suggestion: SUGGESTIONS.fault,
    keep: (s, i) => notNegated(s, i) && !/\bgit\s+$/i.test(s.slice(0, i)),
  },
  {
    kind: 'blame',
    re: /\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|reckless(?:ly|ness)?|sloppy|sloppiness|incompeten(?:t|ce)|lazy(?![- ]?(?:load|init|eval))|laziness|stupid|dumb mistake|idiot(?:ic)?|clueless|irresponsible|fat[- ]?finger(?:ed|ing)?|rogue (?:engineer|developer|employee|admin)|pebkac|should(?:['’]ve| have) known better)\b/gi,
    suggestion: SUGGESTIONS.judgement,
    keep: notNegated,
  },
  ...PERSON_VERB_RULES,
];

// ── AI tools ────────────────────────────────────────────────────────────────

/** Names that are also a person's, a database cursor or a star sign count only with words about a tool around them. */
function toolContext(sentence: string, index: number, match: string): boolean {
  const before = sentence.slice(0, index).trim().split(/\s+/).slice(-3).join(' ');
  const after = sentence
    .slice(index + match.length)
    .trim()
    .split(/\s+/)
    .slice(0, 3)
    .join(' ');
  return (
    /^(?:Code|Sonnet|Opus|Haiku|Pro|Flash|Ultra|Composer|Agent|\d)/.test(after) ||
    /\b(?:using|used|use|with|by|from|via|in|asked|ask|prompted|told|had)$/i.test(before) ||
    /^(?:generated|wrote|written|suggested|produced|proposed|recommended|hallucinated|said|told|output|agent|composer|chat|prompt|editor|IDE)\b/i.test(
      after,
    )
  );
}

const AI_RULES: Rule[] = [
  {
    kind: 'ai-tool',
    re: /\bchat ?gpt\b|\bgpt[- ]?\d(?:\.\d)?(?:o|-?turbo|-?mini)?\b|\bopenai\b|\bcodex\b|\b(?:github )?copilot\b|\banthropic\b|\btabnine\b|\bcodewhisperer\b|\bwindsurf\b/gi,
    suggestion: SUGGESTIONS.aiTool,
  },
  { kind: 'ai-tool', re: /\bGPT\b|\bAI\b/g, suggestion: SUGGESTIONS.aiTool },
  {
    kind: 'ai-tool',
    re: /\bLLMs?\b|\blarge language models?\b|\bai[- ](?:tools?|assistants?|agents?|models?|chatbots?|coding|pair programmer|generated|written|suggested)\b|\b(?:generated|written|suggested|produced|authored) (?:by|with|using) (?:an? )?(?:ai|llm)\b|\bartificial intelligence\b/gi,
    suggestion: SUGGESTIONS.aiTool,
  },
  { kind: 'ai-tool', re: /\b(?:Claude|Gemini|Cursor)\b/g, suggestion: SUGGESTIONS.aiTool, keep: toolContext },
];

const RULES = [...BLAME_RULES, ...AI_RULES];

// ── sentences ───────────────────────────────────────────────────────────────

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|approx|incl|cf|mr|mrs|ms|dr)\.$/i;

/** Sentence spans: ended by . ! ? before whitespace (not after "e.g."), or by a line break; list markers and spaces trimmed. */
function sentences(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let from = 0;
  const push = (to: number) => {
    let start = from;
    let end = to;
    while (start < end && /\s/.test(text[start]!)) start++;
    const marker = /^(?:[-*•>]|\d+[.)])\s+/.exec(text.slice(start, end));
    if (marker) start += marker[0].length;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) spans.push({ start, end });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      push(i);
      from = i + 1;
    } else if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]!))) {
      if (c === '.' && ABBREVIATIONS.test(text.slice(Math.max(from, i - 8), i + 1))) continue;
      push(i + 1);
      from = i + 1;
    }
  }
  push(text.length);
  return spans;
}

// ── the check ───────────────────────────────────────────────────────────────

/** At most one finding of each kind per sentence, in text order. */
export function checkBlameless(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const { start, end } of sentences(text)) {
    const sentence = text.slice(start, end);
    for (const kind of ['blame', 'ai-tool'] as const) {
      const hit = firstHit(sentence, kind);
      if (!hit) continue;
      findings.push({ kind, excerpt: excerpt(sentence), start, end, match: hit.match, suggestion: hit.suggestion });
    }
  }
  return findings;
}

function firstHit(sentence: string, kind: FindingKind): { match: string; suggestion: string } | null {
  for (const rule of RULES) {
    if (rule.kind !== kind) continue;
    rule.re.lastIndex = 0;
    for (const m of sentence.matchAll(rule.re)) {
      if (!rule.keep || rule.keep(sentence, m.index, m[0])) return { match: m[0], suggestion: rule.suggestion };
    }
  }
  return null;
}

function excerpt(sentence: string): string {
  const one = sentence.replace(/\s+/g, ' ');
  return one.length > EXCERPT_MAX ? `${one.slice(0, EXCERPT_MAX - 1)}…` : one;
}
