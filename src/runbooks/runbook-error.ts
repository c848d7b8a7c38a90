/** A runbook that cannot be used, with one `file:line:col: message` per problem. */
export class RunbookError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RunbookError';
  }
}
