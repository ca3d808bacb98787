import path from 'node:path';
import type { Selection } from '../../api/forge.js';
import type { ForgeOptions } from '../../api/load-project.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, type Diagnostic } from '../../errors/diagnostic.js';
import { readState } from '../../state/state-file.js';
import { capThreads, MAX_THREADS, threadsCappedMessage } from '../../project/threads.js';
import type { EventSink } from '../../report/events.js';
import type { Output } from '../../report/terminal.js';
import type { CliArgs } from '../args.js';

/** What every command receives. */
export interface CommandContext {
  readonly args: CliArgs;
  readonly events: EventSink;
  readonly output: Output;
}

export function optionsFrom(args: CliArgs): ForgeOptions {
  return {
    projectDir: args.projectDir,
    ...(args.target ? { target: args.target } : {}),
    ...(args.vars ? { vars: args.vars } : {}),
  };
}

/** Errors first, then warnings, each once. */
export function report(ctx: CommandContext, diagnostics: readonly Diagnostic[]): void {
  const sorted = [...diagnostics].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  for (const d of sorted) ctx.events({ type: 'diagnostic', diagnostic: d });
}

/** `--select`, `--exclude`, `--indirect-selection` and `--state` (read here) as a Selection. */
export async function selectionFrom(
  ctx: CommandContext,
  indirect: 'eager' | 'cautious' | 'none',
): Promise<{ selection?: Selection; diagnostics: Diagnostic[] }> {
  const { args } = ctx;
  const base = { select: args.select, exclude: args.exclude, indirect: args.indirect ?? indirect };
  if ((args.defer || args.favorState) && !args.state) {
    return {
      diagnostics: [
        diagnostic(
          Codes.usage,
          '--defer reads unselected parents from a previous run, but no --state was given',
          undefined,
          "add --state <dir>: the target/ folder of that run (e.g. production's, copied aside)",
        ),
      ],
    };
  }
  if (!args.state) return { selection: base, diagnostics: [] };
  const { state, diagnostics } = await readState(path.resolve(args.projectDir, args.state));
  return state ? { selection: { ...base, state }, diagnostics } : { diagnostics };
}

/** The exit code for a command stopped by these problems: 2 for bad usage (FRG19xx), else 1. */
export function failureCode(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.length > 0 &&
    diagnostics.every((d) => d.severity !== 'error' || d.code.startsWith('FRG19'))
    ? 2
    : 1;
}

/** `--threads`, capped at MAX_THREADS with a warning (FRG1904): `{}` when not given. */
export function threadsOption(ctx: CommandContext): { threads?: number } {
  const given = ctx.args.threads;
  if (given === undefined) return {};
  if (given > MAX_THREADS) {
    report(ctx, [
      diagnostic(
        Codes.threadsCapped,
        threadsCappedMessage('--threads', given),
        undefined,
        `--threads ${MAX_THREADS} or fewer`,
        'warn',
      ),
    ]);
  }
  return { threads: capThreads(given) };
}
