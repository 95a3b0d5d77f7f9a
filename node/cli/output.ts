/** CLI output: `-o json` prints one JSON document, text prints a readable form. Never console.log (lint). */
import { CliError } from '../../chain/client/cli-error.js';

/** The CLI's one error type lives where module commands can throw it too. */
export { CliError };

export type OutputFormat = 'text' | 'json';

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new CliError(`invalid output format "${value}": use text or json`);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}
