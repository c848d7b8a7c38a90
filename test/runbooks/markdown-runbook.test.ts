import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Runbook, RunbookStep } from '../../src/domain/runbook.js';
import { isError, lintRunbook } from '../../src/runbooks/lint-runbook.js';
import { looksDestructive, MAX_RUNBOOK_BYTES, parseMarkdownRunbook, splitCommand } from '../../src/runbooks/markdown-runbook.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/markdown/${name}`, import.meta.url)), 'utf8');
const md = (...lines: string[]): string => lines.join('\n');
const fence = '```';

function parse(text: string, file = 'page.md') {
  return parseMarkdownRunbook(text, file, 'repo');
}
function load(text: string, file = 'page.md'): Runbook {
  const { runbook, problems } = parse(text, file);
  expect(problems).toEqual([]);
  return runbook!;
}
function steps(runbook: Runbook): RunbookStep[] {
  return Object.values(runbook.steps);
}
/** The steps in walk order, without the fields every step of a kind shares. */
function outline(runbook: Runbook): Array<Record<string, unknown>> {
  return steps(runbook).map((s) => {
    const { timeoutMs: _t, ...rest } = s as RunbookStep & { timeoutMs?: number };
    return rest;
  });
}
const END = (id: string, line: number) => ({
  id,
  kind: 'end',
  title: null,
  next: null,
  line,
  outcome: { severity: null, because: null, recommendation: null, containment: null, text: 'Runbook complete' },
});
const manual = (reasons: string, code: string, extra = '') =>
  `**Run this by hand.** incident runs commands itself only when they need no shell; this one has ${reasons}.\n\n${fence}sh\n${code}\n${fence}${extra}`;

describe('wiki-style runbooks (test/fixtures/markdown)', () => {
  it('"Restart the payments worker": a checklist, kubectl commands, a <placeholder> that needs a shell', () => {
    const { runbook, problems, warnings } = parse(fixture('restart-payments-worker.md'), 'runbooks/restart-payments-worker.md');
    expect(problems).toEqual([]);
    expect({ ...runbook!, steps: undefined }).toEqual({
      id: 'restart-payments-worker',
      title: 'Restart the payments worker',
      summary:
        'The payments worker sometimes stops consuming from the payments queue after a broker failover. Restarting it is safe: jobs are idempotent and resume from the queue.',
      appliesWhen: ['payments queue backing up', 'payments worker stuck', 'checkout stuck on "processing"'],
      phase: 'contain',
      params: [],
      start: 'before-you-start',
      allowCycles: false,
      source: { file: 'runbooks/restart-payments-worker.md', format: 'markdown', origin: 'repo' },
      steps: undefined,
    });
    expect(outline(runbook!)).toEqual([
      {
        id: 'before-you-start',
        kind: 'checklist',
        title: 'Before you start',
        next: 'look-at-the-worker',
        line: 8,
        text: null,
        items: [
          'Say in #incidents that you are restarting the worker',
          'Check that no deploy of `payments-worker` is in progress',
          'Make sure you have `kubectl` access to the prod cluster',
        ],
      },
      {
        id: 'look-at-the-worker',
        kind: 'do',
        title: 'Look at the worker',
        next: 'look-at-the-worker-2',
        line: 14,
        text: 'Is it running, and how often has it restarted?',
        argv: ['kubectl', '-n', 'payments', 'get', 'pods', '-l', 'app=payments-worker'],
        destructive: false,
      },
      {
        id: 'look-at-the-worker-2',
        kind: 'do',
        title: 'Look at the worker',
        next: 'restart-it',
        line: 19,
        text: 'the last 15 minutes',
        argv: ['kubectl', '-n', 'payments', 'logs', 'deploy/payments-worker', '--since=15m', '--tail=200'],
        destructive: false,
      },
      {
        id: 'restart-it',
        kind: 'do',
        title: 'Restart it',
        next: 'restart-it-2',
        line: 22,
        text: 'Restart the deployment; pods are replaced one at a time.',
        argv: ['kubectl', '-n', 'payments', 'rollout', 'restart', 'deployment/payments-worker'],
        destructive: true,
      },
      {
        id: 'restart-it-2',
        kind: 'do',
        title: 'Restart it',
        next: 'restart-it-3',
        line: 28,
        text: null,
        argv: ['kubectl', '-n', 'payments', 'rollout', 'status', 'deployment/payments-worker', '--timeout=5m'],
        destructive: false,
      },
      {
        id: 'restart-it-3',
        kind: 'note',
        title: 'Restart it',
        next: 'verify',
        line: 31,
        markdown: `If a pod hangs in \`Terminating\`, delete it:\n\n${manual('`<pod-name>` (write a placeholder as `{{pod_name}}`)', 'kubectl -n payments delete pod <pod-name> --grace-period=0 --force')}`,
      },
      {
        id: 'verify',
        kind: 'checklist',
        title: 'Verify',
        next: 'verify-2',
        line: 37,
        text: null,
        items: [
          'Queue depth is falling on the Payments dashboard',
          'No new errors in the worker logs — look for `ConsumerTimeout`; and `ECONNRESET`',
        ],
      },
      {
        id: 'verify-2',
        kind: 'note',
        title: 'Verify',
        next: 'end',
        line: 44,
        markdown: 'See also the [queue runbook](https://wiki.example.com/queues).',
      },
      END('end', 44),
    ]);
    expect(warnings).toEqual([
      {
        file: 'runbooks/restart-payments-worker.md',
        line: 34,
        col: 1,
        step: 'restart-it-3',
        level: 'warning',
        message:
          'step "restart-it-3": `kubectl -n payments delete pod <pod-name> --grace-period=0 …` is shown as a note to run by hand, not run by incident: `<pod-name>` (write a placeholder as `{{pod_name}}`)',
      },
    ]);
  });

  it('"Database failover": setext title, bold metadata, a quote, a table, a numbered list, a bash block with a pipe, a yaml block', () => {
    const { runbook, warnings } = parse(fixture('database-failover.md'), 'database-failover.md');
    expect(runbook).toMatchObject({
      id: 'database-failover',
      title: 'Database failover',
      summary:
        'Use this page when the primary Postgres (pg-main) is down and does not come back within 5 minutes. Failing over loses the writes that were not yet replicated.',
      appliesWhen: ['primary database unreachable', 'connection pool exhausted'],
      phase: 'contain',
      params: [],
      start: 'database-failover',
    });
    const table = [
      '| Situation                 | Action                 |',
      '|---------------------------|------------------------|',
      '| Primary down > 5 minutes  | Fail over              |',
      '| Replication lag > 1 min   | Wait, do not fail over |',
    ].join('\n');
    expect(outline(runbook!)).toEqual([
      // What is left of the preamble (the warning) is the first step, under the runbook's title.
      {
        id: 'database-failover',
        kind: 'note',
        title: 'Database failover',
        next: 'decide',
        line: 9,
        markdown: '> **Warning:** only one person runs a failover. Say so in the incident channel first.',
      },
      {
        id: 'decide',
        kind: 'note',
        title: 'Decide',
        next: 'fail-over',
        line: 11,
        markdown: `${table}\n\n1. Check the replication lag of each replica.\n2. Pick the replica with the lowest lag.\n\n${manual('a pipe `|`', 'patronictl -c /etc/patroni/patroni.yml list | grep -v Leader')}`,
      },
      {
        id: 'fail-over',
        kind: 'do',
        title: 'Fail over',
        next: 'fail-over-2',
        line: 25,
        text: null,
        argv: ['patronictl', '-c', '/etc/patroni/patroni.yml', 'failover', '--candidate', 'pg-main-2', '--force'],
        destructive: true,
      },
      {
        id: 'fail-over-2',
        kind: 'note',
        title: 'Fail over',
        next: 'check-the-new-primary',
        line: 31,
        markdown:
          'Then point the app at the new primary. The setting lives in `config/production.yaml`:\n\n```yaml\ndatabase:\n  host: pg-main.internal   # change to pg-main-2.internal\n```',
      },
      {
        id: 'check-the-new-primary',
        kind: 'do',
        title: 'Check the new primary',
        next: 'check-the-new-primary-2',
        line: 38,
        text: null,
        argv: ['psql', '-h', 'pg-main-2.internal', '-U', 'app', '-c', 'SELECT pg_is_in_recovery();'],
        destructive: false,
      },
      {
        id: 'check-the-new-primary-2',
        kind: 'do',
        title: 'Check the new primary',
        next: 'notes',
        line: 42,
        text: null,
        argv: ['psql', '-h', 'pg-main-2.internal', '-U', 'app', '-c', 'DROP TABLE IF EXISTS failover_probe'],
        destructive: true,
      },
      { id: 'notes', kind: 'note', title: 'Notes', next: 'end', line: 45, markdown: 'Failovers so far: 2024-03-02, 2024-11-19.' },
      END('end', 47),
    ]);
    expect(warnings.map((w) => [w.line, w.col, w.step])).toEqual([[22, 1, 'decide']]);
  });

  it('"TLS certificate renewal": front matter, a Symptoms section, $ prompts with output, a multi-line \\ command, a ~~~ fence', () => {
    const { runbook, warnings } = parse(fixture('tls-certificate-renewal.md'), 'tls-certificate-renewal.md');
    expect(runbook).toMatchObject({
      id: 'tls-certificate-renewal',
      title: 'TLS certificate renewal',
      summary: 'Renew the certificate of api.example.com by hand when automatic renewal failed.',
      appliesWhen: ['certificate expired', 'NET::ERR_CERT_DATE_INVALID in browsers', 'x509: certificate has expired or is not yet valid'],
      phase: 'any',
      start: 'check-the-served-certificate',
    });
    expect(outline(runbook!)).toEqual([
      {
        id: 'check-the-served-certificate',
        kind: 'note',
        title: 'Check the served certificate',
        next: 'renew',
        line: 16,
        markdown: manual(
          'a redirection (`>`, `<`), a pipe `|`',
          'openssl s_client -connect api.example.com:443 -servername api.example.com </dev/null | openssl x509 -noout -dates',
          '\n\nExpected output:\n\n```\nnotBefore=Jan  1 00:00:00 2025 GMT\nnotAfter=Mar 31 23:59:59 2025 GMT\n```',
        ),
      },
      {
        id: 'renew',
        kind: 'do',
        title: 'Renew',
        next: 'reload-nginx',
        line: 24,
        text: null,
        argv: [
          'sudo',
          'certbot',
          'certonly',
          '--webroot',
          '-w',
          '/var/www/acme',
          '-d',
          'api.example.com',
          '-d',
          'www.example.com',
          '--deploy-hook',
          'systemctl reload nginx',
        ],
        destructive: false,
      },
      {
        id: 'reload-nginx',
        kind: 'do',
        title: 'Reload nginx',
        next: 'reload-nginx-2',
        line: 33,
        text: 'Expected output:\n\n```\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n```',
        argv: ['sudo', 'nginx', '-t'],
        destructive: false,
      },
      {
        id: 'reload-nginx-2',
        kind: 'do',
        title: 'Reload nginx',
        next: 'confirm',
        line: 38,
        text: null,
        argv: ['sudo', 'systemctl', 'reload', 'nginx'],
        destructive: false,
      },
      {
        id: 'confirm',
        kind: 'do',
        title: 'Confirm',
        next: 'end',
        line: 41,
        text: null,
        argv: ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code} %{ssl_verify_result}\\n', 'https://api.example.com/health'],
        destructive: false,
      },
      END('end', 45),
    ]);
    // The prompt is not part of the column.
    expect(warnings.map((w) => [w.line, w.col, w.step])).toEqual([[19, 3, 'check-the-served-certificate']]);
  });

  it('"Rotate a leaked AWS access key": {{placeholders}} declared in order, a block inside a list item, a Go template', () => {
    const { runbook, warnings } = parse(fixture('rotate-leaked-key.md'), 'rotate-leaked-key.md');
    expect(runbook!.params).toEqual([
      { name: 'user', prompt: 'Value for {{user}}', example: null },
      { name: 'namespace', prompt: 'Value for {{namespace}}', example: null },
      { name: 'deployment', prompt: 'Value for {{deployment}}', example: null },
      { name: 'old_key_id', prompt: 'Value for {{old_key_id}}', example: null },
    ]);
    expect(runbook!.appliesWhen).toEqual(['leaked credentials', 'AWS key committed to git']);
    expect(outline(runbook!)).toEqual([
      {
        id: 'create-the-new-key',
        kind: 'do',
        title: 'Create the new key',
        next: 'roll-it-out',
        line: 8,
        text: null,
        argv: ['aws', 'iam', 'create-access-key', '--user-name', '{{user}}'],
        destructive: false,
      },
      {
        id: 'roll-it-out',
        kind: 'note',
        title: 'Roll it out',
        next: 'roll-it-out-2',
        line: 14,
        markdown: `1. Store the new key:\n\n${manual('a pipe `|`', 'kubectl -n {{namespace}} create secret generic aws-key --from-literal=id={{new_key_id}} --dry-run=client -o yaml | kubectl apply -f -')}`,
      },
      {
        id: 'roll-it-out-2',
        kind: 'do',
        title: 'Roll it out',
        next: 'disable-and-delete-the-old-key',
        line: 22,
        text: '2. Restart what uses it:',
        // `{{ namespace }}` elsewhere is the same parameter; a placeholder inside a word stays in it.
        argv: ['kubectl', '-n', '{{namespace}}', 'rollout', 'restart', 'deployment/{{deployment}}'],
        destructive: true,
      },
      {
        id: 'disable-and-delete-the-old-key',
        kind: 'do',
        title: 'Disable and delete the old key',
        next: 'disable-and-delete-the-old-key-2',
        line: 28,
        text: 'Deactivate first: it can be turned back on if something breaks',
        argv: ['aws', 'iam', 'update-access-key', '--user-name', '{{user}}', '--access-key-id', '{{old_key_id}}', '--status', 'Inactive'],
        destructive: true,
      },
      {
        id: 'disable-and-delete-the-old-key-2',
        kind: 'do',
        title: 'Disable and delete the old key',
        next: 'check-the-container-picked-it-up',
        line: 33,
        text: null,
        argv: ['aws', 'iam', 'delete-access-key', '--user-name', '{{user}}', '--access-key-id', '{{old_key_id}}'],
        destructive: true,
      },
      {
        id: 'check-the-container-picked-it-up',
        kind: 'note',
        title: 'Check the container picked it up',
        next: 'end',
        line: 36,
        markdown: manual(
          '`{{.State.Status}}`, which is not a {{param}} placeholder',
          "docker inspect -f '{{.State.Status}}' {{container}}",
        ),
      },
      END('end', 40),
    ]);
    // The block inside the list item is indented by 3: the column says where the command is.
    expect(warnings.map((w) => [w.line, w.col, w.step])).toEqual([
      [19, 4, 'roll-it-out'],
      [39, 1, 'check-the-container-picked-it-up'],
    ]);
  });

  it('every fixture passes the same lint as YAML runbooks', () => {
    for (const name of ['restart-payments-worker.md', 'database-failover.md', 'tls-certificate-renewal.md', 'rotate-leaked-key.md']) {
      const runbook = load(fixture(name), name);
      expect(lintRunbook(runbook).filter(isError), name).toEqual([]);
    }
  });

  it('CRLF line endings read exactly like LF', () => {
    for (const name of ['restart-payments-worker.md', 'tls-certificate-renewal.md']) {
      const lf = parse(fixture(name), name);
      const crlf = parse(fixture(name).replace(/\n/g, '\r\n'), name);
      expect(crlf).toEqual(lf);
    }
  });
});

describe('splitting a command into argv, without a shell', () => {
  it('quotes and backslashes as a shell reads them', () => {
    expect(splitCommand(`echo "a b" 'c d' e\\ f`)).toEqual({ ok: true, argv: ['echo', 'a b', 'c d', 'e f'], comment: null });
    expect(splitCommand(`printf '' a""b "it's" 'say "hi"' "back\\\\slash \\$HOME \\"q\\"" 'x\\y'`)).toEqual({
      ok: true,
      argv: ['printf', '', 'ab', "it's", 'say "hi"', 'back\\slash $HOME "q"', 'x\\y'],
      comment: null,
    });
    expect(splitCommand('  kubectl   get\tpods  ')).toEqual({ ok: true, argv: ['kubectl', 'get', 'pods'], comment: null });
    expect(splitCommand('kubectl get pods # list them')).toEqual({ ok: true, argv: ['kubectl', 'get', 'pods'], comment: 'list them' });
    expect(splitCommand('echo a#b')).toEqual({ ok: true, argv: ['echo', 'a#b'], comment: null });
    expect(splitCommand('ls \\\n  -la')).toEqual({ ok: true, argv: ['ls', '-la'], comment: null });
    expect(splitCommand("echo 'two\nlines'")).toEqual({ ok: true, argv: ['echo', 'two\nlines'], comment: null });
  });

  it('`;`, `&&`, `|`, `>` and `$(…)` inside single quotes, and operators inside double quotes, stay literal arguments', () => {
    expect(splitCommand(`echo ";" "&&" 'a;b' "x && y | z > w" '$(whoami)' '\`id\`' 'A=b' '*.log'`)).toEqual({
      ok: true,
      argv: ['echo', ';', '&&', 'a;b', 'x && y | z > w', '$(whoami)', '`id`', 'A=b', '*.log'],
      comment: null,
    });
    // A shell expands $(…) and $VAR inside double quotes: the page means the expansion, so it is not run as a literal.
    expect(splitCommand('echo "$(whoami)"')).toEqual({ ok: false, reasons: ['command substitution `$(…)`'] });
    expect(splitCommand('echo "$HOME"')).toEqual({ ok: false, reasons: ['a shell variable (`$NAME`)'] });
    expect(splitCommand('echo costs $')).toEqual({ ok: true, argv: ['echo', 'costs', '$'], comment: null });
  });

  it.each([
    ['kubectl get pods | grep web', 'a pipe `|`'],
    ['make && make install', '`&&` or `||`'],
    ['false || true', '`&&` or `||`'],
    ['cd /srv; ls', 'a `;`'],
    ['journalctl -u web > /tmp/web.log', 'a redirection (`>`, `<`)'],
    ['psql < dump.sql', 'a redirection (`>`, `<`)'],
    ['cmd 2>&1', 'a redirection (`>`, `<`)'],
    ['kubectl logs $(kubectl get pods -o name)', 'command substitution `$(…)`'],
    ['kubectl logs `cat pod`', 'command substitution with backticks'],
    ['echo $HOME', 'a shell variable (`$NAME`)'],
    ['echo ${HOME}', 'a shell variable (`$NAME`)'],
    ['rm /tmp/cache/*', 'a glob (`*`, `?`, `[`)'],
    ['curl http://localhost/health?full=1', 'a glob (`*`, `?`, `[`)'],
    ['LOG_LEVEL=debug ./server', 'an environment assignment (`NAME=value`)'],
    ['cd /srv/app', 'the shell builtin `cd`'],
    ['export KUBECONFIG=/etc/kube', 'the shell builtin `export`'],
    ['sleep 100 &', 'a background `&`'],
    ['cat <<EOF', 'a here-document (`<<`)'],
    ['ls ~/logs', 'a `~` for the home directory'],
    ['cp app.conf{,.bak}', 'brace expansion (`{a,b}`)'],
    ['(cd /srv && ls)', 'parentheses `( )`'],
    ['while true; do date; done', 'a shell construct (`if`, `for`, `while`…)'],
    ['echo "unterminated', 'an unterminated quote or trailing `\\`'],
    ['{{tool}} --version', 'a parameter as the program to run'],
    ["docker inspect -f '{{.State.Status}}' web", '`{{.State.Status}}`, which is not a {{param}} placeholder'],
    ['kubectl delete pod <pod-name>', '`<pod-name>` (write a placeholder as `{{pod_name}}`)'],
    ['ls\nls', 'more than one command'],
  ])('%j needs a shell or cannot run as written: %s', (command, reason) => {
    const result = splitCommand(command);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.reasons).toContain(reason);
  });

  it('{{params}} are kept in argv, with spaces inside the braces removed', () => {
    expect(splitCommand('kubectl -n {{ ns }} logs "deploy/{{app}}" --since={{since}}')).toEqual({
      ok: true,
      argv: ['kubectl', '-n', '{{ns}}', 'logs', 'deploy/{{app}}', '--since={{since}}'],
      comment: null,
    });
  });
});

describe('destructive commands (conservative)', () => {
  it.each([
    'rm -rf /var/cache/app',
    '/bin/rm old.log',
    'kubectl delete pod web-1',
    'kubectl -n prod drain node-7 --ignore-daemonsets',
    'kubectl scale deploy/web --replicas=0',
    'kubectl scale deploy/web --replicas 0',
    'kubectl rollout undo deploy/web',
    'kubectl rollout restart deploy/web',
    'git reset --hard HEAD~1',
    'git push --force origin main',
    'git push -f origin main',
    'git push --force-with-lease',
    'git push origin +main',
    'git push origin :old-branch',
    'git clean -fdx',
    'git branch -D feature',
    'git stash drop',
    'terraform destroy -auto-approve',
    'terraform apply',
    'psql -c "DROP TABLE users"',
    'psql -c "delete from sessions"',
    'psql -c "TRUNCATE audit_log"',
    'psql -c "UPDATE users SET admin = true WHERE id = 1"',
    'psql -c "select pg_terminate_backend(123)"',
    'mysql -e "DROP DATABASE shop"',
    'redis-cli FLUSHALL',
    'redis-cli del session:42',
    'kill -9 4242',
    'pkill -f worker',
    'sudo reboot',
    'systemctl stop nginx',
    'docker rm -f web',
    'docker system prune -af',
    'curl -X DELETE https://api.example.com/v1/items/3',
    'curl --request=DELETE https://api.example.com/v1/items/3',
    'find /tmp -name "*.tmp" -delete',
    'aws ec2 terminate-instances --instance-ids i-123',
    'aws s3 rm s3://bucket/key',
    'helm uninstall web',
    'helm rollback web 3',
    'patronictl failover --candidate db-2',
    'dd if=/dev/zero of=/dev/sdb',
    'mkfs.ext4 /dev/sdb1',
    'truncate -s 0 /var/log/app.log',
    'mv config.yaml config.yaml.bak',
  ])('%s → destructive', (command) => {
    const split = splitCommand(command);
    expect(split.ok).toBe(true);
    expect(looksDestructive(split.ok ? split.argv : [])).toBe(true);
  });

  it.each([
    'kubectl get pods -o wide',
    'kubectl -n payments logs deploy/web --since=15m',
    'kubectl describe pod web-1',
    'kubectl rollout status deploy/web',
    'kubectl scale deploy/web --replicas=6',
    'git status',
    'git log --oneline -20',
    'git revert --no-commit abc123',
    'tail -f /var/log/app.log',
    'curl -sS https://api.example.com/health',
    'docker run --rm busybox nslookup db',
    'psql -c "SELECT count(*) FROM orders"',
    'openssl x509 -noout -dates -in /etc/ssl/certs/api.pem',
    'systemctl reload nginx',
    'dig +short api.example.com',
    'terraform plan',
  ])('%s → not destructive', (command) => {
    const split = splitCommand(command);
    expect(split.ok).toBe(true);
    expect(looksDestructive(split.ok ? split.argv : [])).toBe(false);
  });
});

describe('Markdown structure', () => {
  it('shell blocks become one do step per command; quoted operators stay literal; # comments are the text of the next command', () => {
    const runbook = load(
      md(
        '# Page',
        '',
        '## Probe',
        '',
        'Ask the service directly.',
        '',
        `${fence}bash`,
        '#!/bin/bash',
        '# Health first',
        `curl -sS -H "X-Debug: a;b && c" 'https://api/health?x=$(id)'`,
        '',
        '# Then the version',
        '# (from the same endpoint)',
        'curl -sS https://api/version',
        '# done',
        fence,
      ),
    );
    expect(outline(runbook)).toEqual([
      {
        id: 'probe',
        kind: 'do',
        title: 'Probe',
        next: 'probe-2',
        line: 3,
        text: 'Ask the service directly.\n\nHealth first',
        argv: ['curl', '-sS', '-H', 'X-Debug: a;b && c', 'https://api/health?x=$(id)'],
        destructive: false,
      },
      {
        id: 'probe-2',
        kind: 'do',
        title: 'Probe',
        next: 'end',
        line: 14,
        text: 'Then the version\n(from the same endpoint)\ndone',
        argv: ['curl', '-sS', 'https://api/version'],
        destructive: false,
      },
      END('end', 16),
    ]);
  });

  it('blocks in other languages (yaml, json, none) stay prose, and a # inside them is not a heading', () => {
    const text = md(
      '# Config',
      '',
      '## Change the pool size',
      '',
      `${fence}yaml`,
      '# pool settings',
      'pool: { max: 50 }',
      fence,
      '',
      `${fence}json`,
      '{ "max": 50, "cmd": "rm -rf /" }',
      fence,
      '',
      fence,
      '## not a heading',
      'kubectl get pods',
      fence,
    );
    expect(outline(load(text))).toEqual([
      {
        id: 'change-the-pool-size',
        kind: 'note',
        title: 'Change the pool size',
        next: 'end',
        line: 3,
        markdown: md(
          `${fence}yaml`,
          '# pool settings',
          'pool: { max: 50 }',
          fence,
          '',
          `${fence}json`,
          '{ "max": 50, "cmd": "rm -rf /" }',
          fence,
          '',
          fence,
          '## not a heading',
          'kubectl get pods',
          fence,
        ),
      },
      END('end', 17),
    ]);
  });

  it('a loop, a here-document and everything after a cd are one note to run by hand, with one warning each', () => {
    const { runbook, warnings } = parse(
      md(
        '## Clean up',
        `${fence}sh`,
        'kubectl get pods',
        'for pod in $(kubectl get pods -o name); do',
        '  kubectl logs "$pod" --tail=5',
        '  kubectl get "$pod"',
        'done',
        'kubectl get nodes',
        'cat <<EOF | kubectl apply -f -',
        'apiVersion: v1',
        'kind: ConfigMap',
        'EOF',
        fence,
        '',
        `${fence}sh`,
        'cd /srv/app',
        'ls -la',
        fence,
      ),
      'cleanup.md',
    );
    expect(outline(runbook!).map((s) => [s.id, s.kind, s.line, s.argv ?? s.markdown])).toEqual([
      ['clean-up', 'do', 1, ['kubectl', 'get', 'pods']],
      [
        'clean-up-2',
        'note',
        4,
        manual(
          'a shell construct (`if`, `for`, `while`…), command substitution `$(…)`, a `;`, a shell variable (`$NAME`)',
          md('for pod in $(kubectl get pods -o name); do', '  kubectl logs "$pod" --tail=5', '  kubectl get "$pod"', 'done'),
        ),
      ],
      ['clean-up-3', 'do', 8, ['kubectl', 'get', 'nodes']],
      [
        'clean-up-4',
        'note',
        9,
        manual('a here-document (`<<`), a pipe `|`', md('cat <<EOF | kubectl apply -f -', 'apiVersion: v1', 'kind: ConfigMap', 'EOF')),
      ],
      ['clean-up-5', 'note', 16, manual('the shell builtin `cd`, `cd` earlier in the same block', md('cd /srv/app', 'ls -la'))],
      ['end', 'end', 18, undefined],
    ]);
    expect(warnings.map((w) => [w.line, w.step])).toEqual([
      [4, 'clean-up-2'],
      [9, 'clean-up-4'],
      [16, 'clean-up-5'],
    ]);
  });

  it('prose introduces the step after it; prose after the last action is a note; a section of prose is one note', () => {
    const runbook = load(
      md(
        '# Triage',
        '',
        '## Look',
        'Open the dashboard.',
        '',
        '- [ ] Error rate',
        '* [x] Latency',
        '',
        '1. [ ] Saturation',
        '',
        'Then write down what you saw.',
        '',
        '### Ask',
        '',
        '- Who deployed last?',
        '- What changed?',
        '',
        '#### Tip',
        'Check the deploy channel.',
      ),
    );
    expect(outline(runbook)).toEqual([
      {
        id: 'look',
        kind: 'checklist',
        title: 'Look',
        next: 'look-2',
        line: 3,
        text: 'Open the dashboard.',
        items: ['Error rate', 'Latency', 'Saturation'],
      },
      { id: 'look-2', kind: 'note', title: 'Look', next: 'ask', line: 11, markdown: 'Then write down what you saw.' },
      {
        id: 'ask',
        kind: 'note',
        title: 'Ask',
        next: 'end',
        line: 13,
        markdown: '- Who deployed last?\n- What changed?\n\n#### Tip\nCheck the deploy channel.',
      },
      END('end', 19),
    ]);
  });

  it('ids are heading slugs, de-duplicated; empty sections are skipped; the end step gets a free id', () => {
    const runbook = load(
      md(
        '# Steps',
        '',
        '## Check',
        'one',
        '## Empty',
        '',
        '---',
        '',
        '<!-- nothing to see -->',
        '## Check',
        'two',
        '### Check!',
        'three',
        '## End',
        'four',
        '## 🚀',
        'five',
      ),
    );
    expect(steps(runbook).map((s) => [s.id, s.line, s.next])).toEqual([
      ['check', 3, 'check-2'],
      ['check-2', 10, 'check-3'],
      ['check-3', 12, 'end'],
      ['end', 14, 'step'],
      ['step', 16, 'end-2'],
      ['end-2', 17, null],
    ]);
    expect(runbook.start).toBe('check');
  });

  it('without a # title: the title comes from the file name, and prose before the first heading is the summary', () => {
    const runbook = load(
      md('Checkout returns 500s after a deploy.', '', '## Roll back', `${fence}sh`, 'kubectl rollout undo deploy/checkout', fence),
      'docs/runbooks/checkout_5xx-after-deploy.md',
    );
    expect(runbook).toMatchObject({
      id: 'checkout-5xx-after-deploy',
      title: 'Checkout 5xx after deploy',
      summary: 'Checkout returns 500s after a deploy.',
      phase: 'any',
      appliesWhen: [],
    });
    expect(steps(runbook).map((s) => s.id)).toEqual(['roll-back', 'end']);
  });

  it('a page with no headings but content is one step under the title', () => {
    const runbook = load(md('Restart the cache.', '', `${fence}sh`, 'sudo systemctl restart redis', fence), 'cache.md');
    expect(outline(runbook)).toEqual([
      {
        id: 'cache',
        kind: 'do',
        title: 'Cache',
        next: 'end',
        line: 3,
        text: null,
        argv: ['sudo', 'systemctl', 'restart', 'redis'],
        destructive: true,
      },
      END('end', 5),
    ]);
  });

  it('"Symptoms:" followed by a list, a "When to use" heading, an Overview as summary', () => {
    const runbook = load(
      md(
        '# Queue backlog',
        '',
        'Symptoms:',
        '- jobs pile up',
        '- *workers idle*',
        '',
        '## Overview',
        'Workers stop pulling jobs.',
        '',
        '## When to use this runbook',
        '',
        '- queue depth alert',
        '- [ ] stale jobs',
        '',
        'Any page from the queue monitor.',
        '',
        '## Drain',
        '- [ ] Pause producers',
      ),
    );
    expect(runbook.appliesWhen).toEqual([
      'jobs pile up',
      'workers idle',
      'queue depth alert',
      'stale jobs',
      'Any page from the queue monitor',
    ]);
    expect(runbook.summary).toBe('Workers stop pulling jobs.');
    expect(steps(runbook).map((s) => s.id)).toEqual(['overview', 'drain', 'end']);
  });

  it('an unknown phase is a warning, and the runbook applies in any phase', () => {
    const { runbook, warnings } = parse(md('# X', 'Phase: containment', '## Do', 'something'), 'x.md');
    expect(runbook!.phase).toBe('any');
    expect(warnings).toEqual([
      {
        file: 'x.md',
        line: 2,
        col: 1,
        step: null,
        level: 'warning',
        message:
          'unknown phase "containment" (one of detect, triage, contain, resolve, verify, postmortem, any); the runbook applies in any phase',
      },
    ]);
    expect(load(md('# X', '- **Phase:** Verify', '## Do', 'something')).phase).toBe('verify');
  });

  it('no steps: an empty page, a title alone, headings without content', () => {
    for (const text of ['', '\n\n', '# Only a title\n\nJust a summary.', '# T\n## A\n## B\n---\n<!-- later -->\n']) {
      const { runbook, problems } = parse(text, 'empty.md');
      expect(runbook).toBeNull();
      expect(problems).toEqual([
        {
          file: 'empty.md',
          line: 1,
          col: 1,
          step: null,
          message: 'no steps: the page has no headings with content, checklists or commands under them',
        },
      ]);
    }
  });

  it('a code block never closed is an error at its line', () => {
    const { runbook, problems } = parse(md('# T', '## A', `${fence}sh`, 'ls', '## B', 'text'), 't.md');
    expect(runbook).toBeNull();
    expect(problems).toEqual([
      {
        file: 't.md',
        line: 3,
        col: 1,
        step: null,
        message: 'this code block (```) is never closed, so the rest of the page would be inside it',
      },
    ]);
  });

  it('a page over 256 KiB is refused', () => {
    const { runbook, problems } = parse(`# Big\n\n## A\n${'x'.repeat(MAX_RUNBOOK_BYTES)}`, 'big.md');
    expect(runbook).toBeNull();
    expect(problems[0]?.message).toMatch(/larger than 256 KiB/);
  });

  it('setext headings, headings with closing #s and inline Markdown, a BOM', () => {
    const runbook = load(
      `\uFEFF${md('Fix **it** now', '======', '', 'Summary with a [link](http://x) and `code`.', '', 'Step one ##', '--------', 'text', '', '## `kubectl` access ##', 'text')}`,
    );
    expect(runbook.title).toBe('Fix it now');
    expect(runbook.summary).toBe('Summary with a link and code.');
    expect(steps(runbook).map((s) => [s.id, s.title, s.line])).toEqual([
      ['step-one', 'Step one ##', 6],
      ['kubectl-access', 'kubectl access', 10],
      ['end', null, 11],
    ]);
  });
});

describe('big and hostile pages', () => {
  it('parse in linear time: long runs of spaces, brackets, braces, many same-named steps, a huge block', () => {
    const sp = ' '.repeat(100_000);
    const pages = [
      `# T\n## a${sp}b\nx\n`,
      `# T\nPhase: a${sp}b\n## A\nx\n`,
      `# T\n## A\n${fence}${sp}x\n${fence}\n`,
      `# T\n## ${'[a'.repeat(50_000)}\nx\n`,
      `# T\n## ${'<a'.repeat(50_000)}\nx\n`,
      `# T\n## A\n${fence}sh\necho ${'{a,'.repeat(30_000)}\n${fence}\n`,
      `# T\n## A\n${fence}sh\npsql -c "${'update '.repeat(30_000)}"\n${fence}\n`,
      `# T\nSymptoms:\n${'\n'.repeat(100_000)}- a\n## A\nx\n`,
      `# T\n${'## A\nx\n'.repeat(30_000)}`,
      `# T\n## A\n${fence}console\n$ ls\n${'o\n'.repeat(120_000)}${fence}\n`,
      `# T\n## A\n${fence}sh\necho "\n${'x\n'.repeat(120_000)}${fence}\n`,
    ];
    const started = performance.now();
    for (const page of pages) expect(() => parse(page)).not.toThrow();
    // Each of these took 5–20 s when a pattern backtracked quadratically (30 s and more together); linear, they take
    // about a second, a few on a loaded 2-CPU machine. The bound catches the first without failing on the second.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
