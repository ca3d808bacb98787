/** `forge build`, `run`, `seed`, `snapshot`: exit 1 when any node failed. */
import { runProject, type RunCommand } from '../../api/build.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export function runCommand(command: RunCommand): (ctx: CommandContext) => Promise<number> {
  return async (ctx) => {
    const { args } = ctx;
    const outcome = await runProject(optionsFrom(args), { select: args.select, exclude: args.exclude, indirect: args.indirect }, {
      command, fullRefresh: args.fullRefresh, failFast: args.failFast,
      ...(args.threads ? { threads: args.threads } : {}),
      ...(args.eventTimeStart ? { eventTimeStart: args.eventTimeStart } : {}),
      ...(args.eventTimeEnd ? { eventTimeEnd: args.eventTimeEnd } : {}),
    }, ctx.events);
    report(ctx, outcome.diagnostics);
    if (hasErrors(outcome.diagnostics)) return 1;
    return outcome.results.some((r) => r.status === 'error' || r.status === 'fail') ? 1 : 0;
  };
}
