// Markdown runbooks: the pages teams already keep in their wiki, walked as
// steps. The first `#` heading is the title, the paragraph under it the
// summary; each further heading (#, ##, ###) is a step; `- [ ]` items become a
// checklist; fenced sh/bash/shell/console/zsh blocks become commands, split
// into argv here and never run through a shell; any other prose is shown as
// the text of the step it introduces.
//
// Hand-written rather than a Markdown library: only the block structure
// matters (headings, fences, task items), every step needs its source line
// (which Markdown lexers do not keep), and the module stays dependency-free
// for the TUI, which imports it lazily when it finds a .md runbook.
import { DEFAULT_DO_TIMEOUT_MS } from '../domain/runbook.js';
import type { Runbook, RunbookOrigin, RunbookParam, RunbookPhase, RunbookStep } from '../domain/runbook.js';
import { PHASES } from '../domain/types.js';
import { slugify } from '../domain/slug.js';
import type { Problem } from './lint-runbook.js';

export type { Problem };

export interface MarkdownRunbookResult {
  /** Null exactly when there are problems. */
  runbook: Runbook | null;
  /** Errors: the page cannot be walked as written. */
  problems: Problem[];
  /** The runbook loads, but shows something differently from the page (a command that needs a shell is a note to run by hand). */
  warnings: Problem[];
}

export const MAX_RUNBOOK_BYTES = 256 * 1024;
export const SHELL_LANGUAGES: ReadonlySet<string> = new Set([
  'sh',
  'bash',
  'shell',
  'console',
  'zsh',
  'ksh',
  'shell-session',
  'shellsession',
  'sh-session',
]);
const END_TEXT = 'Runbook complete';

// ───────────────────────────── the page ─────────────────────────────

/**
 * A runbook from a Markdown page. `file` names the page in problems and gives
 * the id (and the title when the page has no `#` heading).
 */
export function parseMarkdownRunbook(text: string, file: string, origin: RunbookOrigin): MarkdownRunbookResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const problem = (line: number, message: string, step: string | null = null, col = 1): void => {
    problems.push({ file, line, col, step, message });
  };
  if (Buffer.byteLength(text, 'utf8') > MAX_RUNBOOK_BYTES) {
    problem(1, `the file is larger than ${MAX_RUNBOOK_BYTES / 1024} KiB; a runbook is a page, not a log`);
    return { runbook: null, problems, warnings };
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks = parseBlocks(lines);
  for (const b of blocks) {
    if (b.kind === 'fence' && !b.closed)
      problem(b.line, `this code block (${b.marker}) is never closed, so the rest of the page would be inside it`);
  }

  const name = baseName(file);
  const first = blocks.find((b) => b.kind === 'heading');
  const titleBlock = first?.kind === 'heading' && first.level === 1 && plainInline(first.text) !== '' ? first : null;
  const title = titleBlock ? plainInline(titleBlock.text) : humanize(name);

  // Split the page into the part before the first step heading, and sections.
  const preamble: Block[] = [];
  const sections: { heading: HeadingBlock; blocks: Block[] }[] = [];
  for (const b of blocks) {
    if (b === titleBlock) continue;
    if (b.kind === 'heading') sections.push({ heading: b, blocks: [] });
    else (sections.at(-1)?.blocks ?? preamble).push(b);
  }

  // Metadata: `Symptoms: …`, `Applies when: …`, `Phase: …` lines before the
  // first step, and the lists under a "Symptoms" / "When to use" heading.
  const appliesWhen: string[] = [];
  let phase: RunbookPhase = 'any';
  const body = takeMetadata(preamble, appliesWhen, (value, line) => {
    const wanted = value.toLowerCase();
    if (wanted === 'any' || (PHASES as readonly string[]).includes(wanted)) phase = wanted as RunbookPhase;
    else {
      warnings.push({
        file,
        line,
        col: 1,
        step: null,
        level: 'warning',
        message: `unknown phase "${value}" (one of ${[...PHASES, 'any'].join(', ')}); the runbook applies in any phase`,
      });
    }
  });
  let summary = takeSummary(body);
  const stepSections: { title: string; line: number; blocks: Block[] }[] = [];
  if (body.some((b) => !isBlankBlock(b))) {
    stepSections.push({ title, line: body.find((b) => !isBlankBlock(b))!.line, blocks: body });
  }
  for (const s of sections) {
    const sectionTitle = plainInline(s.heading.text);
    if (SYMPTOM_HEADING.test(sectionTitle.toLowerCase().replace(/[:.]\s*$/, ''))) {
      append(appliesWhen, symptomsIn(s.blocks));
      // Only kept as a step if it also holds something to do.
      if (!s.blocks.some((b) => b.kind === 'fence')) continue;
    }
    stepSections.push({
      title: sectionTitle === '' ? `Step ${stepSections.length + 1}` : sectionTitle,
      line: s.heading.line,
      blocks: s.blocks,
    });
  }
  if (summary === '' && sections[0] && SUMMARY_HEADING.test(plainInline(sections[0].heading.text).toLowerCase())) {
    summary = takeSummary([...sections[0].blocks]);
  }

  // Each section becomes one or more steps, in document order.
  const ids = new IdAllocator();
  const steps: RunbookStep[] = [];
  for (const section of stepSections) {
    const drafts = sectionSteps(section.blocks);
    if (drafts.length === 0) continue; // an empty section
    const base = stepSlug(section.title);
    drafts.forEach((draft, i) => {
      const id = ids.take(base);
      const line = i === 0 ? section.line : draft.line;
      const common = { id, title: section.title, next: null, line };
      if (draft.kind === 'do') {
        steps.push({
          ...common,
          kind: 'do',
          text: draft.text,
          argv: draft.argv,
          destructive: draft.destructive,
          timeoutMs: DEFAULT_DO_TIMEOUT_MS,
        });
      } else if (draft.kind === 'checklist') {
        steps.push({ ...common, kind: 'checklist', text: draft.text, items: draft.items });
      } else {
        steps.push({ ...common, kind: 'note', markdown: draft.markdown });
        if (draft.manual) {
          const m = draft.manual;
          warnings.push({
            file,
            line: m.line,
            col: m.col,
            step: id,
            level: 'warning',
            message: `step "${id}": \`${excerpt(m.code)}\` is shown as a note to run by hand, not run by incident: ${m.reasons.join(', ')}`,
          });
        }
      }
    });
  }
  if (steps.length === 0) problem(1, 'no steps: the page has no headings with content, checklists or commands under them');
  if (problems.length > 0) return { runbook: null, problems, warnings };

  const endId = ids.take('end');
  steps.forEach((step, i) => {
    step.next = steps[i + 1]?.id ?? endId;
  });
  steps.push({
    id: endId,
    title: null,
    next: null,
    line: lastContentLine(lines),
    kind: 'end',
    outcome: { severity: null, because: null, recommendation: null, containment: null, text: END_TEXT },
  });

  const params: RunbookParam[] = [];
  for (const step of steps) {
    if (step.kind !== 'do') continue;
    for (const arg of step.argv) {
      for (const m of arg.matchAll(PLACEHOLDER)) {
        const param = m[1]!;
        if (!params.some((p) => p.name === param)) params.push({ name: param, prompt: `Value for {{${param}}}`, example: null });
      }
    }
  }

  const id = slugify(name, 64);
  const runbook: Runbook = {
    id: id === 'incident' && !/incident/i.test(name) ? 'runbook' : id,
    title,
    summary,
    appliesWhen: unique(appliesWhen),
    phase,
    params,
    start: steps[0]!.id,
    steps: Object.fromEntries(steps.map((s) => [s.id, s])),
    allowCycles: false,
    source: { file, format: 'markdown', origin },
  };
  return { runbook, problems, warnings };
}

// ───────────────────────────── blocks ─────────────────────────────

interface HeadingBlock {
  kind: 'heading';
  level: number;
  text: string;
  line: number;
}
interface FenceLine {
  text: string;
  line: number;
  /** Columns of indentation removed (the fence's own indentation, e.g. inside a list item). */
  cut: number;
}
type Block =
  | HeadingBlock
  | { kind: 'fence'; lang: string; marker: string; line: number; body: FenceLine[]; source: string[]; closed: boolean }
  | { kind: 'task'; text: string; line: number }
  | { kind: 'text'; text: string; line: number };

const FENCE_OPEN = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
// Patterns here avoid a lazy `(.*?)` before `[ \t]*$` and similar: on a long line of spaces they backtrack quadratically.
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const SETEXT_UNDERLINE = /^ {0,3}(={2,}|-{2,})[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const TASK = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(\S.*)$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const HTML_COMMENT = /^[ \t]*<!--/;
const SYMPTOM_HEADING = /^(?:symptoms?|signs|when to use(?: this(?: runbook| page)?)?|applies when|use (?:this )?when)$/;
const SUMMARY_HEADING = /^(?:overview|summary|description|purpose|about|context)$/;

function parseBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let i = frontMatterEnd(lines);
  while (i < lines.length) {
    const raw = lines[i]!;
    const n = i + 1;
    const fence = openFence(raw);
    if (fence) {
      const body: FenceLine[] = [];
      const source = [raw];
      let closed = false;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        const close = FENCE_CLOSE.exec(l);
        if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) {
          source.push(l);
          closed = true;
          j++;
          break;
        }
        source.push(l);
        body.push({ ...dedent(l, fence.indent), line: j + 1 });
      }
      blocks.push({ kind: 'fence', lang: fence.lang, marker: fence.marker, line: n, body, source, closed });
      i = j;
      continue;
    }
    if (HTML_COMMENT.test(raw)) {
      // Invisible on the rendered page, so not shown either.
      let j = i;
      let from = raw.indexOf('<!--') + 4;
      while (j < lines.length && !lines[j]!.includes('-->', from)) {
        j++;
        from = 0;
      }
      i = j + 1;
      continue;
    }
    const atx = ATX.exec(raw);
    if (atx) {
      const level = atx[1]!.length;
      const text = withoutClosingHashes(atx[2] ?? '');
      // #### and deeper stay part of the section's prose.
      blocks.push(level <= 3 ? { kind: 'heading', level, text, line: n } : { kind: 'text', text: raw, line: n });
      i++;
      continue;
    }
    const under = lines[i + 1];
    if (under !== undefined && SETEXT_UNDERLINE.test(under) && startsParagraph(raw) && atBlockStart(blocks)) {
      blocks.push({ kind: 'heading', level: under.trim().startsWith('=') ? 1 : 2, text: raw.trim(), line: n });
      i += 2;
      continue;
    }
    const task = TASK.exec(raw);
    if (task) {
      const { text, end } = readTask(lines, i, width(task[1]!), task[3]!.trim());
      blocks.push({ kind: 'task', text, line: n });
      i = end;
      continue;
    }
    blocks.push({ kind: 'text', text: raw, line: n });
    i++;
  }
  return blocks;
}

/** YAML front matter (docs sites, wikis) is skipped: `---` then `key: value` lines then `---`. */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== '---' || !/^[A-Za-z_][\w-]*[ \t]*:/.test(lines[1] ?? '')) return 0;
  for (let j = 1; j < lines.length; j++) if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[j]!)) return j + 1;
  return 0;
}

function openFence(raw: string): { indent: number; marker: string; lang: string } | null {
  const m = FENCE_OPEN.exec(raw);
  if (!m) return null;
  const marker = m[2]!;
  const info = m[3]!;
  if (marker.startsWith('`') && info.includes('`')) return null; // inline code, not a fence
  const lang = /^\{?\s*\.?([A-Za-z0-9_+-]+)/.exec(info.trim())?.[1]?.toLowerCase() ?? '';
  return { indent: width(m[1]!), marker, lang };
}

/** A task item with its continuation lines; nested plain bullets are folded into its text. */
function readTask(lines: readonly string[], start: number, indent: number, first: string): { text: string; end: number } {
  const own = [first];
  const subs: string[] = [];
  let j = start + 1;
  while (j < lines.length) {
    const l = lines[j]!;
    if (l.trim() === '') {
      let k = j;
      while (k < lines.length && lines[k]!.trim() === '') k++;
      const next = lines[k];
      if (next === undefined || leadWidth(next) <= indent || interruptsItem(next)) break;
      j = k;
      continue;
    }
    if (interruptsItem(l)) break;
    const item = LIST_ITEM.exec(l);
    if (item) {
      if (width(item[1]!) <= indent) break;
      subs.push((item[3] ?? '').trim());
    } else if (subs.length > 0 && leadWidth(l) > indent + 2) {
      subs[subs.length - 1] = `${subs.at(-1)!} ${l.trim()}`.trim();
    } else {
      own.push(l.trim());
    }
    j++;
  }
  const nested = subs.filter((s) => s !== '');
  return { text: own.join(' ') + (nested.length > 0 ? ` — ${nested.join('; ')}` : ''), end: j };
}

function interruptsItem(l: string): boolean {
  return TASK.test(l) || openFence(l) !== null || ATX.test(l) || HTML_COMMENT.test(l) || THEMATIC_BREAK.test(l) || /^[ \t]*[>|]/.test(l);
}

function startsParagraph(raw: string): boolean {
  return raw.trim() !== '' && leadWidth(raw) < 4 && !LIST_ITEM.test(raw) && !/^[ \t]*[>|<]/.test(raw) && !THEMATIC_BREAK.test(raw);
}

function atBlockStart(blocks: readonly Block[]): boolean {
  const last = blocks.at(-1);
  return last === undefined || last.kind === 'heading' || last.kind === 'fence' || (last.kind === 'text' && last.text.trim() === '');
}

function isBlankBlock(b: Block): boolean {
  return b.kind === 'text' && (b.text.trim() === '' || THEMATIC_BREAK.test(b.text));
}

// ───────────────────────────── metadata ─────────────────────────────

const EMPH = '(?:\\*\\*|__|\\*|_)';
const META = new RegExp(
  `^${EMPH}?[ \\t]*(applies when|symptoms|when to use|phase)[ \\t]*(?:${EMPH}[ \\t]*)?:[ \\t]*(?:${EMPH}[ \\t]*)?(.*)$`,
  'i',
);

/** Removes metadata lines from the blocks before the first step; returns what is left. */
function takeMetadata(blocks: Block[], appliesWhen: string[], setPhase: (value: string, line: number) => void): Block[] {
  const rest: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const m = b.kind === 'text' ? META.exec(b.text.replace(/^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+)?/, '')) : null;
    if (!m) {
      rest.push(b);
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!
      .trimEnd()
      .replace(/^(?:\*\*|__|\*|_)|(?:\*\*|__|\*|_)$/g, '')
      .trim();
    if (key === 'phase') {
      setPhase(plainInline(value).replace(/\.$/, ''), b.line);
      continue;
    }
    if (value !== '') {
      append(appliesWhen, splitSymptoms(value));
      continue;
    }
    // "Symptoms:" on its own line, then a list (blank lines between items allowed).
    for (;;) {
      let k = i + 1;
      while (k < blocks.length && isBlankText(blocks[k]!)) k++;
      const next = blocks[k];
      const item = next?.kind === 'text' ? LIST_ITEM.exec(next.text) : null;
      if (next?.kind === 'task') appliesWhen.push(plainInline(next.text));
      else if (item) appliesWhen.push(plainInline(item[3] ?? ''));
      else break;
      i = k;
    }
  }
  return rest;
}

function isBlankText(b: Block): boolean {
  return b.kind === 'text' && b.text.trim() === '';
}

function splitSymptoms(value: string): string[] {
  return value
    .split(/[;,]/)
    .map((s) => plainInline(s).replace(/\.$/, '').trim())
    .filter((s) => s !== '');
}

/** Under a "Symptoms" heading: each list item is a symptom; without a list, each paragraph is one. */
function symptomsIn(blocks: readonly Block[]): string[] {
  const found: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) found.push(plainInline(paragraph.join(' ')).replace(/\.$/, ''));
    paragraph = [];
  };
  for (const b of blocks) {
    if (b.kind === 'task') {
      flush();
      found.push(plainInline(b.text));
    } else if (b.kind === 'text') {
      const item = LIST_ITEM.exec(b.text);
      if (item) {
        flush();
        found.push(plainInline(item[3] ?? ''));
      } else if (b.text.trim() === '' || THEMATIC_BREAK.test(b.text)) flush();
      else if (leadWidth(b.text) > 0 && found.length > 0 && paragraph.length === 0)
        found[found.length - 1] = `${found.at(-1)!} ${plainInline(b.text)}`;
      else paragraph.push(b.text.trim());
    } else flush();
  }
  flush();
  return found.filter((s) => s !== '');
}

/** The first plain paragraph before any command or checklist; removed from `blocks`. */
function takeSummary(blocks: Block[]): string {
  const start = blocks.findIndex((b) => !isBlankBlock(b));
  const first = blocks[start];
  if (first?.kind !== 'text' || !startsParagraph(first.text) || ATX.test(first.text)) return '';
  let end = start;
  while (end < blocks.length) {
    const b = blocks[end]!;
    if (
      b.kind !== 'text' ||
      b.text.trim() === '' ||
      (end > start && (LIST_ITEM.test(b.text) || !startsParagraph(b.text) || ATX.test(b.text)))
    )
      break;
    end++;
  }
  const text = blocks
    .slice(start, end)
    .map((b) => (b.kind === 'text' ? b.text.trim() : ''))
    .join(' ');
  blocks.splice(start, end - start);
  return plainInline(text);
}

// ───────────────────────────── sections → steps ─────────────────────────────

type Draft =
  | { kind: 'do'; text: string | null; argv: string[]; destructive: boolean; line: number }
  | { kind: 'checklist'; text: string | null; items: string[]; line: number }
  | { kind: 'note'; markdown: string; line: number; manual: ManualCommand | null };

interface DoCommand {
  kind: 'do';
  argv: string[];
  comments: string[];
  output: string[];
  line: number;
  col: number;
}
interface ManualCommand {
  kind: 'manual';
  code: string[];
  reasons: string[];
  comments: string[];
  output: string[];
  line: number;
  col: number;
}
type Part =
  | { kind: 'prose'; lines: string[]; line: number | null }
  | { kind: 'checklist'; items: string[]; line: number }
  | DoCommand
  | ManualCommand;

/**
 * The steps of one section. Prose introduces what follows it: it becomes the
 * text of the next checklist or command in the section (a command that needs
 * a shell is a note, and the prose leads its note). Prose after the last
 * checklist or command is a note of its own; a section of prose is one note.
 */
function sectionSteps(blocks: readonly Block[]): Draft[] {
  const parts: Part[] = [];
  const prose = (lines: readonly string[], line: number): void => {
    // A prose part starts at its first line with something on it.
    const start = lines.some((l) => l.trim() !== '') ? line : null;
    const last = parts.at(-1);
    if (last?.kind === 'prose') {
      append(last.lines, lines);
      last.line ??= start;
    } else parts.push({ kind: 'prose', lines: [...lines], line: start });
  };
  for (const b of blocks) {
    if (b.kind === 'text') prose([b.text], b.line);
    else if (b.kind === 'task') {
      const last = parts.at(-1);
      const before = parts.at(-2);
      if (last?.kind === 'checklist') last.items.push(b.text);
      else if (last?.kind === 'prose' && before?.kind === 'checklist' && last.lines.every((l) => l.trim() === '')) {
        parts.pop(); // blank lines between items of one list
        before.items.push(b.text);
      } else parts.push({ kind: 'checklist', items: [b.text], line: b.line });
    } else if (b.kind === 'fence') {
      const commands = SHELL_LANGUAGES.has(b.lang) ? shellBlock(b.body) : [];
      if (commands.length > 0) append(parts, commands);
      else prose(b.source, b.line);
    }
  }

  const drafts: Draft[] = [];
  let pending: string[] = [];
  let pendingLine: number | null = null;
  for (const part of parts) {
    if (part.kind === 'prose') {
      const md = tidyMarkdown(part.lines);
      if (md !== '') {
        pending.push(md);
        pendingLine ??= part.line;
      }
      continue;
    }
    const line = pendingLine ?? part.line;
    if (part.kind === 'checklist') {
      drafts.push({ kind: 'checklist', text: joinMarkdown(pending), items: part.items, line });
    } else if (part.kind === 'do') {
      drafts.push({
        kind: 'do',
        text: joinMarkdown([...pending, ...commandText(part)]),
        argv: part.argv,
        destructive: looksDestructive(part.argv),
        line,
      });
    } else {
      drafts.push({ kind: 'note', markdown: joinMarkdown([...pending, ...manualMarkdown(part)])!, line, manual: part });
    }
    pending = [];
    pendingLine = null;
  }
  if (pending.length > 0) drafts.push({ kind: 'note', markdown: joinMarkdown(pending)!, line: pendingLine!, manual: null });
  return drafts;
}

function commandText(c: DoCommand): string[] {
  return [c.comments.join('\n'), c.output.length > 0 ? `Expected output:\n\n${codeBlock(c.output, '')}` : ''];
}

function manualMarkdown(c: ManualCommand): string[] {
  return [
    c.comments.join('\n'),
    `**Run this by hand.** incident runs commands itself only when they need no shell; this one has ${c.reasons.join(', ')}.`,
    codeBlock(c.code, 'sh'),
    c.output.length > 0 ? `Expected output:\n\n${codeBlock(c.output, '')}` : '',
  ];
}

function codeBlock(lines: readonly string[], lang: string): string {
  // Longer than any run of backticks inside, so the block cannot be closed early.
  let longest = 2;
  for (const l of lines) for (const m of l.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${lines.join('\n')}\n${fence}`;
}

/** Trims blank lines at both ends, keeps at most one blank line in a row; nothing but rules and blanks is empty. */
function tidyMarkdown(lines: readonly string[]): string {
  const out: string[] = [];
  for (const l of lines) {
    const line = l.trimEnd();
    if (line === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out.every((l) => l === '' || THEMATIC_BREAK.test(l)) ? '' : out.join('\n');
}

function joinMarkdown(parts: readonly string[]): string | null {
  const kept = parts.filter((p) => p.trim() !== '');
  return kept.length > 0 ? kept.join('\n\n') : null;
}

// ───────────────────────────── shell blocks ─────────────────────────────

/**
 * The commands of one fenced shell block. With `$ ` prompts (a console
 * transcript), only prompted lines are commands and the lines after one are
 * its expected output; without, every line is a command. `#` comment lines
 * become the text of the command after them. A command that needs a shell is
 * kept as code to run by hand, and so is everything inside a loop or `if` it
 * opens, and everything after a `cd`/`export` in the same block.
 */
function shellBlock(body: readonly FenceLine[]): (DoCommand | ManualCommand)[] {
  const texts = body.map((l) => tightenPlaceholders(l.text));
  const prompt = texts.some((t) => /^[ \t]*\$(?:[ \t]|$)/.test(t));
  const items: (DoCommand | ManualCommand)[] = [];
  let manual: ManualCommand | null = null;
  let comments: { text: string; raw: string }[] = [];
  let depth = 0;
  let stateFrom: string | null = null;
  for (let i = 0; i < texts.length;) {
    const t = texts[i]!;
    if (t.trim() === '') {
      i++;
      continue;
    }
    if (/^[ \t]*#/.test(t)) {
      if (manual && depth > 0) manual.code.push(t);
      else if (!/^[ \t]*#!/.test(t)) comments.push({ text: t.replace(/^[ \t]*#+[ \t]?/, '').trimEnd(), raw: t });
      i++;
      continue;
    }
    if (prompt && !/^[ \t]*\$(?:[ \t]|$)/.test(t)) {
      const last = items.at(-1);
      if (last) last.output.push(t);
      else comments.push({ text: codeBlock([t], ''), raw: t });
      i++;
      continue;
    }
    const scan = scanCommand(texts, i, prompt);
    const cut = prompt ? /^[ \t]*\$[ \t]?/.exec(t)![0].length : 0;
    const col = body[i]!.cut + cut + leadWidth(t.slice(cut)) + 1;
    const line = body[i]!.line;
    i = scan.end;
    if (scan.words.length === 0 && scan.reasons.length === 0) {
      if (scan.comment) comments.push({ text: scan.comment, raw: scan.code.join('\n') });
      continue;
    }
    const checked = scan.reasons.length === 0 ? checkPlaceholders(scan.words) : { argv: scan.words, reasons: [] };
    const reasons = [...scan.reasons, ...checked.reasons];
    if (stateFrom !== null) reasons.push(`\`${stateFrom}\` earlier in the same block`);
    const inside = depth > 0;
    depth = Math.max(0, depth + scan.depth);
    const stateful =
      (scan.builtin !== null && STATEFUL_BUILTINS.has(scan.builtin)) || (scan.assignments > 0 && scan.assignments === scan.words.length);
    if (stateful) stateFrom ??= scan.builtin ?? `${scan.words[0]!.split('=')[0]!}=…`;
    if (reasons.length > 0 || inside) {
      if (manual) {
        append(
          manual.code,
          comments.map((c) => c.raw),
        );
        append(manual.code, scan.code);
        manual.reasons = unique([...manual.reasons, ...reasons]);
      } else {
        manual = {
          kind: 'manual',
          code: scan.code,
          reasons: unique(reasons),
          comments: comments.map((c) => c.text),
          output: [],
          line,
          col,
        };
        items.push(manual);
      }
    } else {
      manual = null;
      items.push({
        kind: 'do',
        argv: checked.argv,
        comments: [...comments.map((c) => c.text), ...(scan.comment ? [scan.comment] : [])],
        output: [],
        line,
        col,
      });
    }
    comments = [];
  }
  const last = items.at(-1);
  if (last && comments.length > 0) {
    if (last.kind === 'manual')
      append(
        last.code,
        comments.map((c) => c.raw),
      );
    else
      append(
        last.comments,
        comments.map((c) => c.text),
      );
  }
  return items;
}

const ANGLE_PLACEHOLDER = /<([A-Za-z][A-Za-z0-9_-]*)>/y;
const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** `{{ name }}` → `{{name}}` before splitting, so the spaces inside the braces do not split the word. */
function tightenPlaceholders(text: string): string {
  return text.replace(/\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}/g, '{{$1}}');
}

/** `{{ name }}` → `{{name}}`; anything else in double braces (a Go template) cannot be run safely. */
function checkPlaceholders(words: readonly string[]): { argv: string[]; reasons: string[] } {
  const reasons: string[] = [];
  const argv = words.map(tightenPlaceholders);
  for (const arg of argv) {
    const rest = arg.replace(PLACEHOLDER, '');
    const bad = /\{\{.*?(?:\}\}|$)/.exec(rest);
    if (bad) reasons.push(`\`${bad[0]}\`, which is not a {{param}} placeholder`);
  }
  if (argv[0]?.includes('{{')) reasons.push('a parameter as the program to run');
  return { argv, reasons: unique(reasons) };
}

const R = {
  pipe: 'a pipe `|`',
  andOr: '`&&` or `||`',
  sequence: 'a `;`',
  background: 'a background `&`',
  redirect: 'a redirection (`>`, `<`)',
  heredoc: 'a here-document (`<<`)',
  subshell: 'parentheses `( )`',
  substitution: 'command substitution `$(…)`',
  backticks: 'command substitution with backticks',
  variable: 'a shell variable (`$NAME`)',
  glob: 'a glob (`*`, `?`, `[`)',
  tilde: 'a `~` for the home directory',
  braces: 'brace expansion (`{a,b}`)',
  assignment: 'an environment assignment (`NAME=value`)',
  compound: 'a shell construct (`if`, `for`, `while`…)',
  unterminated: 'an unterminated quote or trailing `\\`',
} as const;

const OPENERS = new Set(['if', 'for', 'while', 'until', 'case', 'select', '{']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
const KEYWORDS = new Set([...OPENERS, ...CLOSERS, 'then', 'do', 'else', 'elif', 'in', 'function', '!', 'time', '[[', ']]', 'coproc']);
/** After these, the next word is again a command. */
const STAYS_COMMAND = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);
/** Builtins that change what later commands in the same shell see. */
const STATEFUL_BUILTINS = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'unset',
  'alias',
  'unalias',
  'source',
  '.',
  'set',
  'shopt',
  'umask',
  'ulimit',
  'declare',
  'typeset',
  'local',
  'readonly',
  'eval',
  'exec',
  'trap',
  'read',
  'hash',
  'let',
  'mapfile',
  'readarray',
]);
const SHELL_BUILTINS = new Set([
  ...STATEFUL_BUILTINS,
  'dirs',
  'exit',
  'return',
  'shift',
  'wait',
  'jobs',
  'fg',
  'bg',
  'disown',
  'history',
  'builtin',
]);

interface Scan {
  /** The words with quotes and escapes removed: the argv, when `reasons` is empty. */
  words: string[];
  /** Why the command needs a shell; empty when it can run as argv. */
  reasons: string[];
  /** A `# comment` after the command. */
  comment: string | null;
  /** The source lines of the command (prompts removed). */
  code: string[];
  /** Index of the first line after the command. */
  end: number;
  /** Loops, `if`s and parentheses opened minus closed. */
  depth: number;
  assignments: number;
  builtin: string | null;
}

/**
 * One command as a POSIX shell would read it: words split on blanks, single
 * quotes literal, double quotes literal except `$`, `` ` `` and `\`,
 * backslash escapes, `\` at the end of a line joining the next, and anything
 * only a shell can do (operators, expansions, globs, assignments, builtins)
 * recorded as a reason instead of being interpreted.
 */
function scanCommand(lines: readonly string[], start: number, prompt: boolean): Scan {
  const words: string[] = [];
  const reasons = new Set<string>();
  const code: string[] = [];
  let word: string | null = null;
  let shape = ''; // the word with quoted characters masked, to see what the shell would expand
  let quote: '' | "'" | '"' = '';
  let comment: string | null = null;
  let commandPosition = true;
  let depth = 0;
  let assignments = 0;
  let builtin: string | null = null;
  let heredocNext: { strip: boolean } | null = null;
  const heredocs: { delimiter: string; strip: boolean }[] = [];
  let continuesAfterOperator = false;

  const add = (ch: string, quoted: boolean): void => {
    word = (word ?? '') + ch;
    shape += quoted ? '\0'.repeat(ch.length) : ch;
  };
  const endWord = (): void => {
    if (word === null) return;
    const w: string = word;
    const s = shape;
    word = null;
    shape = '';
    continuesAfterOperator = false;
    if (heredocNext) {
      heredocs.push({ delimiter: w, strip: heredocNext.strip });
      heredocNext = null;
      return;
    }
    if ([...s.matchAll(/\{[^{}]*\}/g)].some((m) => m[0].includes(',') || m[0].includes('..'))) reasons.add(R.braces);
    if (commandPosition) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(s)) {
        reasons.add(R.assignment);
        assignments++;
      } else if (s === w && KEYWORDS.has(w)) {
        reasons.add(R.compound);
        if (OPENERS.has(w)) depth++;
        if (CLOSERS.has(w)) depth--;
        commandPosition = STAYS_COMMAND.has(w);
      } else {
        if (s === w && SHELL_BUILTINS.has(w)) {
          reasons.add(`the shell builtin \`${w}\``);
          builtin ??= w;
        }
        commandPosition = false;
      }
    }
    words.push(w);
  };
  const dollar = (line: string, k: number, quoted: boolean): number => {
    const next = line[k + 1];
    if (next === '(') {
      reasons.add(R.substitution);
      if (!quoted) depth++;
      add('$(', quoted);
      return 2;
    }
    if (next === '{' || (next !== undefined && /[A-Za-z0-9_?#@*!$-]/.test(next))) reasons.add(R.variable);
    else if (!quoted && (next === "'" || next === '"')) reasons.add(R.variable);
    add('$', quoted);
    return 1;
  };
  const operator = (line: string, k: number): number => {
    endWord();
    const ch = line[k]!;
    const two = line.slice(k, k + 2);
    switch (ch) {
      case '|':
        reasons.add(two === '||' ? R.andOr : R.pipe);
        commandPosition = true;
        continuesAfterOperator = true;
        return two === '||' || two === '|&' ? 2 : 1;
      case '&':
        if (two === '&&') {
          reasons.add(R.andOr);
          commandPosition = true;
          continuesAfterOperator = true;
          return 2;
        }
        if (two === '&>') {
          reasons.add(R.redirect);
          return line[k + 2] === '>' ? 3 : 2;
        }
        reasons.add(R.background);
        commandPosition = true;
        return 1;
      case ';':
        reasons.add(R.sequence);
        commandPosition = true;
        return two === ';;' ? 2 : 1;
      case '(':
        reasons.add(R.subshell);
        depth++;
        commandPosition = true;
        return 1;
      case ')':
        depth--;
        return 1;
      default: {
        // < or >. A wiki's `<pod-name>` is a placeholder, not a redirection: say how to write it.
        ANGLE_PLACEHOLDER.lastIndex = k;
        const angle = ANGLE_PLACEHOLDER.exec(line);
        if (angle) {
          reasons.add(`\`${angle[0]}\` (write a placeholder as \`{{${angle[1]!.replace(/-/g, '_')}}}\`)`);
          return angle[0].length;
        }
        if (line.startsWith('<<<', k)) {
          reasons.add(R.redirect);
          return 3;
        }
        if (two === '<<') {
          reasons.add(R.heredoc);
          const strip = line[k + 2] === '-';
          heredocNext = { strip };
          return strip ? 3 : 2;
        }
        if (two === '<(' || two === '>(') {
          reasons.add(R.substitution);
          depth++;
          return 2;
        }
        reasons.add(R.redirect);
        return ['>>', '>&', '>|', '<&', '<>'].includes(two) ? 2 : 1;
      }
    }
  };

  let li = start;
  let line = prompt ? lines[li]!.replace(/^[ \t]*\$[ \t]?/, '') : lines[li]!;
  for (;;) {
    code.push(line);
    let continued = false;
    let k = 0;
    while (k < line.length) {
      const ch = line[k]!;
      if (quote === "'") {
        if (ch === "'") quote = '';
        else add(ch, true);
        k++;
      } else if (quote === '"') {
        if (ch === '"') {
          quote = '';
          k++;
        } else if (ch === '\\') {
          const next = line[k + 1];
          if (next === undefined) {
            continued = true;
            k++;
          } else if ('$`"\\'.includes(next)) {
            add(next, true);
            k += 2;
          } else {
            add('\\', true);
            k++;
          }
        } else if (ch === '$') {
          k += dollar(line, k, true);
        } else {
          if (ch === '`') reasons.add(R.backticks);
          add(ch, true);
          k++;
        }
      } else if (ch === ' ' || ch === '\t') {
        endWord();
        k++;
      } else if (ch === '\\') {
        const next = line[k + 1];
        if (next === undefined) continued = true;
        else add(next, true);
        k += 2;
      } else if (ch === "'" || ch === '"') {
        word ??= '';
        quote = ch;
        k++;
      } else if (ch === '#' && word === null) {
        comment = line.slice(k + 1).trim();
        k = line.length;
      } else if (ch === '$') {
        k += dollar(line, k, false);
      } else if ('|&;<>()'.includes(ch)) {
        k += operator(line, k);
      } else {
        if (ch === '`') reasons.add(R.backticks);
        if (ch === '*' || ch === '?' || ch === '[') reasons.add(R.glob);
        if (ch === '~' && word === null) reasons.add(R.tilde);
        add(ch, false);
        k++;
      }
    }
    const more = continued || quote !== '' || continuesAfterOperator;
    if (more && li + 1 < lines.length) {
      if (quote !== '' && !continued) add('\n', true);
      li++;
      // Console transcripts show continuation lines after a `> ` prompt.
      line = prompt ? lines[li]!.replace(/^[ \t]*>[ \t]?/, '') : lines[li]!;
      continue;
    }
    if (quote !== '' || continued) reasons.add(R.unterminated);
    endWord();
    break;
  }
  let end = li + 1;
  for (const h of heredocs) {
    while (end < lines.length) {
      const body = prompt ? lines[end]!.replace(/^[ \t]*>[ \t]?/, '') : lines[end]!;
      code.push(body);
      end++;
      if ((h.strip ? body.replace(/^\t+/, '') : body).trim() === h.delimiter) break;
    }
  }
  return { words, reasons: [...reasons], comment, code, end, depth, assignments, builtin };
}

export type SplitCommand = { ok: true; argv: string[]; comment: string | null } | { ok: false; reasons: string[] };

/**
 * A command line as argv, split the way a shell would but without one:
 * `echo "a b" 'c d' e\ f` → `['echo', 'a b', 'c d', 'e f']`. Anything that
 * needs a shell (pipes, `&&`, `;`, redirections, `$…` expansions, globs,
 * `A=b cmd`, builtins like `cd`) is refused with the reasons.
 */
export function splitCommand(command: string): SplitCommand {
  const lines = command.split(/\r\n|\r|\n/).map(tightenPlaceholders);
  const scan = scanCommand(lines, 0, false);
  const reasons = [...scan.reasons];
  if (lines.slice(scan.end).some((l) => l.trim() !== '')) reasons.push('more than one command');
  const checked = checkPlaceholders(scan.words);
  reasons.push(...checked.reasons);
  if (scan.words.length === 0 && reasons.length === 0) reasons.push('no command');
  return reasons.length > 0 ? { ok: false, reasons: unique(reasons) } : { ok: true, argv: checked.argv, comment: scan.comment };
}

// ───────────────────────────── destructive commands ─────────────────────────────

/** Programs that destroy or stop things whatever their arguments. */
const DESTRUCTIVE_PROGRAMS = new Set([
  'rm',
  'rmdir',
  'unlink',
  'mv',
  'dd',
  'shred',
  'wipefs',
  'fdisk',
  'parted',
  'mkfs',
  'kill',
  'pkill',
  'killall',
  'reboot',
  'shutdown',
  'halt',
  'poweroff',
  'truncate',
]);
/** Words that, anywhere in a non-option argument (a subcommand, an SQL statement, an HTTP method), mean harm is possible. */
const DESTRUCTIVE_WORDS = new Set([
  'rm',
  'rmi',
  'rmdir',
  'unlink',
  'shred',
  'wipe',
  'wipefs',
  'erase',
  'mkfs',
  'drop',
  'delete',
  'del',
  'truncate',
  'destroy',
  'purge',
  'prune',
  'flush',
  'flushall',
  'flushdb',
  'kill',
  'pkill',
  'killall',
  'terminate',
  'stop',
  'halt',
  'shutdown',
  'poweroff',
  'reboot',
  'restart',
  'uninstall',
  'remove',
  'evict',
  'drain',
  'reset',
  'rollback',
  'undo',
  'revoke',
  'disable',
  'disabled',
  'deactivate',
  'inactive',
  'suspend',
  'failover',
  'switchover',
  'promote',
  'decommission',
  'deregister',
  'detach',
  'overwrite',
]);
/** Options that make a command destructive (`--force`, `git reset --hard`, `find -delete`). */
const DESTRUCTIVE_OPTIONS = new Set([
  'force',
  'force-with-lease',
  'force-if-includes',
  'hard',
  'delete',
  'destroy',
  'prune',
  'purge',
  'wipe',
  'drop',
  'remove',
  'flush',
]);

/**
 * Conservative: true when the command might destroy data or stop something
 * running (deleting, dropping, truncating, killing, restarting, rebooting,
 * draining, failing over, rolling back, force-pushing, `--replicas=0`…).
 * False positives (a `grep delete`) only cost a typed confirmation.
 */
export function looksDestructive(argv: readonly string[]): boolean {
  if (argv.length === 0) return true;
  const program = baseName(argv[0]!).toLowerCase();
  if (DESTRUCTIVE_PROGRAMS.has(program) || program.startsWith('mkfs.') || program.includes('{{')) return true;
  const args = argv.map((a) => a.toLowerCase());
  const hasWord = (text: string): boolean => text.split(/[^a-z0-9]+/).some((w) => DESTRUCTIVE_WORDS.has(w));
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (/^-[^-\d]|^--./.test(a)) {
      const eq = a.indexOf('=');
      const name = (eq < 0 ? a : a.slice(0, eq)).replace(/^-+/, '');
      const value = eq < 0 ? undefined : a.slice(eq + 1);
      if (DESTRUCTIVE_OPTIONS.has(name)) return true;
      if ((name === 'replicas' || name === 'grace-period') && (value ?? args[i + 1]) === '0') return true;
      if (value !== undefined && hasWord(value)) return true;
      continue;
    }
    const update = a.search(/\bupdate\b/);
    if (hasWord(a) || (update >= 0 && /\bset\b/.test(a.slice(update)))) return true;
  }
  if (program === 'git') return gitDestructive(args.slice(1));
  if ((program === 'terraform' || program === 'tofu') && args.includes('apply')) return true;
  return false;
}

function gitDestructive(args: readonly string[]): boolean {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += ['-c', '-C', '--git-dir', '--work-tree'].includes(args[i]!) ? 2 : 1;
  const sub = args[i];
  const rest = args.slice(i + 1);
  switch (sub) {
    case 'clean':
    case 'restore':
    case 'rebase':
    case 'filter-branch':
    case 'filter-repo':
      return true;
    case 'push':
      return rest.some((a) => a === '-f' || a === '-d' || a === '--mirror' || /^[+:]./.test(a));
    case 'checkout':
      return rest.some((a) => a === '-f' || a === '--' || a === '.');
    case 'branch':
      return rest.some((a) => a === '-d'); // -D, lowercased
    case 'stash':
      return rest[0] === 'drop' || rest[0] === 'clear';
    default:
      return false;
  }
}

// ───────────────────────────── small helpers ─────────────────────────────

class IdAllocator {
  private readonly taken = new Set<string>();
  /** The next suffix to try per base, so a thousand "Check" headings stay linear. */
  private readonly nextSuffix = new Map<string, number>();
  take(base: string): string {
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(id)) id = `${base}-${n++}`;
    this.nextSuffix.set(base, n);
    this.taken.add(id);
    return id;
  }
}

/** `target.push(...items)` without the argument limit (a block may have 100k lines). */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function stepSlug(title: string): string {
  const slug = slugify(title, 48);
  return slug === 'incident' && !/incident/i.test(title) ? 'step' : slug;
}

/** "runbooks/restart-payments-worker.md" → "restart-payments-worker". */
function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(?:md|markdown|mdown|mkd)$/i, '');
}

function humanize(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words === '' ? 'Runbook' : words[0]!.toUpperCase() + words.slice(1);
}

/** Inline Markdown to plain words, for titles, the summary and symptoms. */
export function plainInline(md: string): string {
  return md
    .replace(/`+([^`]*?)`+/g, '$1')
    .replace(/!\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^[\]]+)\]\([^()]*\)/g, '$1')
    .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^<>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^<>]*>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, '$1$2')
    .replace(/(^|\W)_(?!\s)([^_]+?)_(?!\w)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Title ##" → "Title"; "C#" stays. */
function withoutClosingHashes(text: string): string {
  const t = text.trimEnd();
  let k = t.length;
  while (k > 0 && t[k - 1] === '#') k--;
  if (k === 0) return '';
  return t[k - 1] === ' ' || t[k - 1] === '\t' ? t.slice(0, k).trim() : t.trim();
}

function width(ws: string): number {
  let w = 0;
  for (const ch of ws) w = ch === '\t' ? w + 4 - (w % 4) : w + 1;
  return w;
}

function leadWidth(line: string): number {
  return width(/^[ \t]*/.exec(line)![0]);
}

/** Removes up to `columns` of leading indentation. */
function dedent(line: string, columns: number): { text: string; cut: number } {
  let w = 0;
  let k = 0;
  while (k < line.length && w < columns && (line[k] === ' ' || line[k] === '\t')) {
    w = line[k] === '\t' ? w + 4 - (w % 4) : w + 1;
    k++;
  }
  return { text: line.slice(k), cut: k };
}

/** The first line of a command, shortened, for messages. */
function excerpt(code: readonly string[]): string {
  const lines = code.filter((l) => l.trim() !== '' && !/^[ \t]*#/.test(l)).map((l) => l.trim());
  const first = lines[0] ?? '';
  if (first.length > 60) return `${first.slice(0, 59)}…`;
  return lines.length > 1 ? `${first} …` : first;
}

function lastContentLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i + 1;
  return 1;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
