// Mistakes a user can make, reported as one line without a stack trace.
import { EXIT } from './exit-codes.js';

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT.failure | typeof EXIT.usage | typeof EXIT.storage = EXIT.failure,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
