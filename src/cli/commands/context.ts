import type { ForgeOptions } from '../../api/load-project.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
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
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const d of sorted) ctx.events({ type: 'diagnostic', diagnostic: d });
}
