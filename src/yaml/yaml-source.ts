// What every YAML file the tool reads (runbooks, the config) needs to report
// a problem at `file:line:col`: a parse that keeps positions, the syntax
// errors worth showing (the cause, not the cascade that follows it), a safe
// conversion to plain data, and where a path of that data sits in the file.
// No file I/O here: callers read the text.
import {
  Lexer,
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
} from 'yaml';

/** Where a path of the source document (`['steps', 'd', 'do', 'argv', 2]`) is, when the loader knows. */
export type Locator = (path: ReadonlyArray<string | number>) => { line: number; col: number } | null;

export type Path = ReadonlyArray<string | number>;

export interface YamlSource {
  text: string;
  doc: Document;
  lines: LineCounter;
}

export function parseYamlSource(text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return { text, doc, lines };
}

export interface SyntaxProblem {
  kind: 'tab' | 'duplicate' | 'syntax';
  offset: number;
  message: string;
  /** For `duplicate`: the key written twice. */
  key?: string;
}

/**
 * Tabs and duplicate keys each get their own problem; of the other errors
 * only the first is kept, since later ones usually follow from it (and from
 * a tab). An unclosed quote or bracket is reported where it opens.
 */
export function syntaxProblems({ text, doc, lines }: YamlSource): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const lineOf = (offset: number): number => lines.linePos(offset).line;
  const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
  for (const error of tabs) {
    const offset = error.pos[0];
    out.push({ kind: 'tab', offset, message: `tab used for indentation at line ${lineOf(offset)}; YAML needs spaces` });
  }
  for (const error of doc.errors.filter((e) => e.code === 'DUPLICATE_KEY')) {
    const offset = error.pos[0];
    const key = keyAtOffset(text, offset);
    out.push({ kind: 'duplicate', offset, key, message: `duplicate key "${key}"` });
  }
  const other = doc.errors.find((e) => e.code !== 'TAB_AS_INDENT' && e.code !== 'DUPLICATE_KEY');
  if (other && tabs.length === 0) {
    const offset = other.pos[0];
    // A tab can also surface as some other error: name the tab, it is the cause.
    const all = text.split('\n');
    const tabLine = all.findIndex((l) => /^ *\t/.test(l));
    const unclosed = /quote|Flow (sequence|map)/.test(other.message) ? unclosedAt(text) : null;
    if (tabLine >= 0 && tabLine + 1 <= lineOf(offset)) {
      const lineStart = all.slice(0, tabLine).reduce((n, l) => n + l.length + 1, 0);
      out.push({
        kind: 'tab',
        offset: lineStart + all[tabLine]!.indexOf('\t'),
        message: `tab used for indentation at line ${tabLine + 1}; YAML needs spaces`,
      });
    } else if (unclosed !== null && unclosed.offset <= offset) {
      out.push({ kind: 'syntax', offset: unclosed.offset, message: `YAML syntax: ${unclosed.what}` });
    } else {
      out.push({ kind: 'syntax', offset, message: `YAML syntax: ${other.message.split('\n')[0]}` });
    }
  }
  return out;
}

/** The document as plain data; an alias bomb is refused (with where the first alias is) instead of expanded. */
export function toData(doc: Document, maxAliasCount: number): { ok: true; data: unknown } | { ok: false; offset: number; message: string } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let first: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        first = node.range?.[0];
        return visit.BREAK;
      },
    });
    return {
      ok: false,
      offset: first ?? 0,
      message: `too many YAML aliases: expanding them would exceed the limit of ${maxAliasCount} (an alias bomb?)`,
    };
  }
}

export function rangeOf(node: unknown): [number, number, number] | undefined {
  return node && typeof node === 'object' && 'range' in node
    ? ((node as { range?: [number, number, number] }).range ?? undefined)
    : undefined;
}

export function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * Where an unterminated quote, `[` or `{` starts: the parser reports it
 * where the file or the collection ends, which is rarely where the fix goes.
 */
export function unclosedAt(text: string): { offset: number; what: string } | null {
  let offset = 0;
  const open: Array<{ offset: number; mark: string }> = [];
  for (const token of new Lexer().lex(text)) {
    // The lexer interleaves one-character markers that are not in the source;
    // \x18 means it gave up on the flow collection being read.
    if (token === '\u0018') {
      const flow = open.pop();
      if (flow) return { offset: flow.offset, what: `this ${flow.mark} is never closed with ${flow.mark === '[' ? ']' : '}'}` };
      continue;
    }
    if (token.length === 1 && /[\u0000-\u0008\u000E-\u001F]/.test(token)) continue;
    if (token === '[' || token === '{') open.push({ offset, mark: token });
    else if (token === ']' || token === '}') open.pop();
    else if (token.startsWith('"') && !/^"(?:[^"\\]|\\[\s\S])*"$/.test(token)) return { offset, what: 'this " quote is never closed' };
    else if (token.startsWith("'") && !/^'(?:[^']|'')*'$/.test(token)) return { offset, what: "this ' quote is never closed" };
    offset += token.length;
  }
  return null;
}

function keyAtOffset(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:#\n,{}[\]]+?))\s*:/.exec(text.slice(offset, offset + 200));
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? text.slice(offset, offset + 20).split(/[:\n]/)[0] ?? '').trim();
}

/** The pair of `path` in its parent map, if the parent is a map. */
export function pairAt(doc: Document, path: Path): Pair | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const key = path[path.length - 1];
  return parent.items.find((p) => isPair(p) && keyText(p) === String(key)) ?? null;
}

/** Position of a map key (a step's name, an unknown key), else of the node. */
export function locateKey(doc: Document, lines: LineCounter, path: Path): { line: number; col: number } | null {
  const pair = pairAt(doc, path);
  const start = rangeOf(pair?.key)?.[0];
  if (start !== undefined) return lines.linePos(start);
  return locatorFor(doc, lines)(path);
}

/**
 * Where a path is in the file: a scalar value itself (`next: nowhere` points
 * at "nowhere"), a step or other collection at its key, a list item at the
 * item; a path that does not exist falls back to its nearest parent.
 */
export function locatorFor(doc: Document, lines: LineCounter): Locator {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (sub.length === 0) {
        const start = rangeOf(doc.contents)?.[0];
        return start !== undefined ? lines.linePos(start) : { line: 1, col: 1 };
      }
      const node = doc.getIn(sub, true) as Node | undefined;
      if (node === undefined || node === null) continue;
      const pair = pairAt(doc, sub);
      const useKey = pair && !isScalar(node) && !isAlias(node);
      const start = useKey
        ? rangeOf(pair.key)?.[0]
        : isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)
          ? rangeOf(node)?.[0]
          : undefined;
      if (start !== undefined) return lines.linePos(start);
    }
    return { line: 1, col: 1 };
  };
}

export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
