/** An error the CLI prints as `Error: <message>` with exit code 1, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A positive integer id typed by a person (a proposal id, …). */
export function parseId(text: string, what = 'proposal id'): bigint {
  if (!/^[1-9][0-9]{0,19}$/.test(text)) throw new CliError(`invalid ${what} "${text}": a positive integer`);
  return BigInt(text);
}
