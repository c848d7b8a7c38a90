import { describe, expect, it } from 'vitest';
import { cleanEditorText, editorCommand, splitWords } from '../../src/domain/editor-command.js';

describe('which editor', () => {
  it('is $VISUAL, then $EDITOR, then vi; blank values do not count', () => {
    expect(editorCommand({ VISUAL: 'nvim', EDITOR: 'nano' })).toEqual({ ok: true, argv: ['nvim'], source: '$VISUAL' });
    expect(editorCommand({ VISUAL: '  ', EDITOR: 'nano -w' })).toEqual({ ok: true, argv: ['nano', '-w'], source: '$EDITOR' });
    expect(editorCommand({})).toMatchObject({ ok: true, argv: ['vi'] });
  });

  it('says which variable cannot be read, and what to do', () => {
    const r = editorCommand({ EDITOR: '"/opt/my editor' });
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^\$EDITOR .*double quote is not closed.*Fix it, or type the answer here/),
    });
  });
});

describe('splitting a command line without a shell', () => {
  it.each([
    ['code --wait', ['code', '--wait']],
    ['  nano   -w  ', ['nano', '-w']],
    ['"/opt/My Editor/edit" -w', ['/opt/My Editor/edit', '-w']],
    ["vim -c 'set tw=72'", ['vim', '-c', 'set tw=72']],
    ['emacs\\ client -t', ['emacs client', '-t']],
    ['ed "say \\"hi\\"" \'a\\b\'', ['ed', 'say "hi"', 'a\\b']],
    ['vi $(rm -rf ~) `x` ; ls', ['vi', '$(rm', '-rf', '~)', '`x`', ';', 'ls']],
    ["x '' y", ['x', '', 'y']],
  ])('%s', (line, words) => {
    expect(splitWords(line)).toEqual({ ok: true, words });
  });

  it('refuses what it cannot split', () => {
    expect(splitWords("vim 'x")).toEqual({ ok: false, error: 'a single quote is not closed' });
    expect(splitWords('vim \\')).toEqual({ ok: false, error: 'it ends with a backslash' });
    expect(splitWords('   ')).toEqual({ ok: false, error: 'it names no program' });
  });
});

describe('what comes back from the editor', () => {
  it('keeps its lines; drops trailing whitespace, escapes and control characters; masks secrets', () => {
    const raw = '\uFEFFRoot cause:  \r\n\tpool size 10\u001B]0;pwned\u0007 \n\nDB_PASSWORD=hunter2\n\n\n';
    expect(cleanEditorText(raw)).toBe('Root cause:\n    pool size 10\n\nDB_PASSWORD=****');
  });
});
