// Runbook prose is Markdown; a terminal shows it as plain text. Only what
// would otherwise be noise is rewritten: emphasis markers, link syntax, bullets.
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*)[-*+]\s+(?!\[[ xX]\])/, '$1• ')
        .replace(/^#{1,6}\s+/, '')
        .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a: string | undefined, b: string | undefined) => (a ?? b ?? '').toUpperCase())
        .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
        .replace(/`([^`\n]+)`/g, '$1'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
