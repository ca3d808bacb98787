/**
 * What the CLI prints for an exception no command turned into a diagnostic: a bug in Forge (or a
 * failure nobody foresaw). The user gets one coded line with the message and where to report it;
 * the stack trace only with --debug or FORGE_DEBUG=1, where it helps the report.
 */
import { Codes } from '../errors/codes.js';
import { formatDiagnostic } from '../errors/diagnostic.js';

/** True when the user asked for stack traces: `--debug` on the command line or FORGE_DEBUG=1 (or true). */
export function debugWanted(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env['FORGE_DEBUG']?.toLowerCase();
  return argv.includes('--debug') || flag === '1' || flag === 'true';
}

export function internalErrorText(error: unknown, withStack: boolean): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const line = formatDiagnostic({
    code: Codes.internalError,
    severity: 'error',
    message: `internal error (${name}): ${message.trim()}`,
    hint:
      'this is a bug in Forge: please report it with the command you ran' +
      (withStack ? '' : '; run it again with --debug (or FORGE_DEBUG=1) to see the stack trace'),
  });
  const stack = withStack && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `${line}${stack}`;
}

/**
 * For the `forge` process itself (packages/forge-sql/bin/forge.js), not for callers of runCli: an exception thrown
 * outside any command's promise (a timer, a stream's event) or a rejection nobody awaited is
 * printed like one inside a command (FRG1920, exit 1) instead of as Node's raw stack.
 */
export function installCrashHandlers(argv: readonly string[]): void {
  const crash = (error: unknown): void => {
    process.stderr.write(`${internalErrorText(error, debugWanted(argv))}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
