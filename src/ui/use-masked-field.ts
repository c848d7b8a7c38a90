import { useMemo } from 'react';
import { maskWithCursor } from '../domain/secrets.js';
import type { LineState } from './text-editing.js';

/**
 * What a field shows: the text being typed with its secrets masked (those the
 * patterns see, and those the field remembers), and the cursor where it falls
 * in that. Masking comes before the field is cut to fit the terminal, so no
 * part of a long pasted key is ever shown. Every text field goes through this
 * before <TextField>.
 */
export function useMaskedField(line: LineState): LineState {
  return useMemo(() => maskWithCursor(line.value, line.cursor, line.secrets ?? []), [line.value, line.cursor, line.secrets]);
}
