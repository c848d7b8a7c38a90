import { useMemo, useRef } from 'react';
import { maskWithCursor, secretSpans } from '../domain/secrets.js';
import type { LineState } from './text-editing.js';

/** Enough for any field; the oldest are forgotten first. */
const KEEP = 20;

/**
 * What a field shows: the text being typed with its secrets masked, and the
 * cursor where it falls in that. Secrets seen before in this field stay masked
 * even where an edit around them hides them from the patterns. Masking comes
 * before the field is cut to fit the terminal, so no part of a long pasted key
 * is ever shown. Every text field goes through this before <TextField>.
 */
export function useMaskedField(line: LineState): LineState {
  const known = useRef<string[]>([]);
  return useMemo(() => {
    for (const span of secretSpans(line.value)) {
      const secret = line.value.slice(span.start, span.end);
      if (!known.current.includes(secret)) known.current = [...known.current, secret].slice(-KEEP);
    }
    return maskWithCursor(line.value, line.cursor, known.current);
  }, [line.value, line.cursor]);
}
