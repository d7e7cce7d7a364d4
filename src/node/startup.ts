// Start-up failures of the Node server as plain sentences: a person reading them fixes a setting, so
// they get one line per problem naming it, not a stack trace or an excerpt of the bundled source.
import { ConfigError } from '../config.js';

/** The lines that say why the server could not start; `setting` names what the error is about. */
export function startupProblems(err: unknown, setting?: string): string[] {
  if (err instanceof ConfigError) return err.problems;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const message = err instanceof Error ? err.message : String(err);
  const about = setting ? `${setting}: ` : '';
  if (code === 'EADDRINUSE') return [`${about}the port is already in use by another program`];
  if (code === 'EACCES' && setting?.startsWith('PORT')) return [`${about}this user may not listen on that port`];
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return [`${about}this machine has no such address to listen on`];
  return [`${about}${message.split('\n')[0] ?? message}`];
}

/** Prints each problem on its own line to stderr and exits with status 1. */
export function exitWithProblems(problems: string[]): never {
  for (const problem of problems) process.stderr.write(`Parley cannot start: ${problem}\n`);
  process.exit(1);
}
