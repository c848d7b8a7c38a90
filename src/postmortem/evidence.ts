// Supporting evidence: what the tool itself saw — probes, the ranked commits,
// the commands run and the git changes — so the document can be checked
// against the record. Everything is cleaned and masked like the rest.
import type { IncidentFacts } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import { describeProbe, formatMs } from '../domain/probe.js';
import { inline, NOT_RECORDED, table, ymdhm } from './markdown.js';

const MAX_COMMITS = 5;
const MAX_OUTPUT_LINES = 5;

export function evidence(facts: IncidentFacts, sorted: readonly TimelineEntry[]): string {
  const parts: string[] = [];

  if (facts.probes.length > 0) {
    parts.push(
      `**Health probes** of ${inline(facts.url ?? facts.probes[0]!.url)}\n\n` +
        table(
          ['Time (UTC)', 'Why', 'Status', 'p50', 'p95', 'Errors', 'TLS', 'Result'],
          facts.probes.map((p) => [
            ymdhm(p.at),
            p.purpose,
            p.status === null ? 'no answer' : String(p.status),
            formatMs(p.p50Ms),
            formatMs(p.p95Ms),
            `${Math.round(p.errorRate * 100)}%`,
            p.tls ? (p.tls.daysLeft === null ? (p.tls.error ?? '?') : `${p.tls.daysLeft} days left`) : '—',
            describeProbe(p),
          ]),
        ),
    );
  }

  const commits = (facts.culprits ?? []).slice(0, MAX_COMMITS);
  if (commits.length > 0) {
    parts.push(
      `**Recent commits**, ranked as likely culprits\n\n` +
        table(
          ['Commit', 'When (UTC)', 'Subject', 'Why it ranked'],
          commits.map((c) => [`\`${c.shortSha}\``, ymdhm(c.at), c.subject, [...c.reasons, ...c.signals].join('; ') || null]),
        ),
    );
  }

  const commands = sorted.filter((e) => e.type === 'runbook.command' && e.data.ran === true);
  if (commands.length > 0) {
    parts.push(`**Commands run**\n\n${commands.map(commandBlock).join('\n\n')}`);
  }

  const git = sorted.filter((e) => e.type === 'rollback.committed' || e.type === 'rollback.pushed');
  if (git.length > 0) {
    parts.push(
      `**Git changes**\n\n` +
        git
          .map((e) => {
            const sha =
              typeof e.data.revertSha === 'string'
                ? e.data.revertSha.slice(0, 12)
                : typeof e.data.sha === 'string'
                  ? e.data.sha.slice(0, 12)
                  : '';
            return `- ${ymdhm(e.occurredAt ?? e.at)} UTC — ${e.type === 'rollback.committed' ? 'revert committed' : 'revert pushed'}${sha ? ` \`${sha}\`` : ''}`;
          })
          .join('\n'),
    );
  }

  return parts.length === 0 ? NOT_RECORDED : parts.join('\n\n');
}

function commandBlock(e: TimelineEntry): string {
  const d = e.data;
  const argv = Array.isArray(d.argv) ? d.argv.filter((a): a is string => typeof a === 'string').join(' ') : '?';
  const exit = d.timedOut === true ? 'timed out' : typeof d.exitCode === 'number' ? `exit ${d.exitCode}` : 'no exit code';
  const output = typeof d.output === 'string' ? d.output : typeof d.stdout === 'string' ? d.stdout : '';
  const lines = output
    .split('\n')
    .map((l) => inline(l))
    .filter((l) => l !== '');
  const shown = lines.slice(0, MAX_OUTPUT_LINES);
  const more = lines.length > shown.length ? `\n… ${lines.length - shown.length} more lines in the timeline` : '';
  const head = `- ${ymdhm(e.at)} UTC \`${inline(argv).replace(/`/g, "'")}\` → ${exit}`;
  // Four-space indented code keeps any Markdown in the output inert.
  return shown.length === 0
    ? head
    : `${head}\n\n${[...shown.map((l) => `        ${l}`), ...(more ? [`        ${more.trim()}`] : [])].join('\n')}`;
}
