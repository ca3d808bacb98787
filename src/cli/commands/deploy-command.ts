/** `forge deploy --target prod --cron "<expr>" [--select …]`, `forge deploy --drop`, `forge deploy --status`. */
import { deploy } from '../../api/deploy.js';
import { parseCron } from '../../schedule/cron.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic } from '../../errors/diagnostic.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { formatTable } from '../../report/table.js';
import { failureCode, optionsFrom, report, selectionFrom, type CommandContext } from './context.js';

export async function deployCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  if (args.cron) {
    try {
      parseCron(args.cron);
    } catch (error) {
      report(ctx, [
        diagnostic(
          Codes.scheduleInvalid,
          `cannot read --cron "${args.cron}": ${error instanceof Error ? error.message : String(error)}`,
        ),
      ]);
      return 2;
    }
  }
  const { selection, diagnostics } = await selectionFrom(ctx, 'eager');
  report(ctx, diagnostics);
  if (!selection) return failureCode(diagnostics);
  const outcome = await deploy(
    optionsFrom(args),
    selection,
    { ...(args.cron ? { cron: args.cron } : {}), drop: args.drop, status: args.status },
    ctx.events,
  );
  report(ctx, outcome.diagnostics);
  if (hasErrors(outcome.diagnostics)) return failureCode(outcome.diagnostics);
  if (outcome.history) {
    const graph = outcome.graph ?? [];
    const broken = graph.filter((t) => t.problem !== '');
    ctx.output.out(
      `task graph: ${graph.length} task(s), ${broken.length === 0 ? 'all linked and started' : `${broken.length} need forge deploy`}`,
    );
    if (graph.length > 0)
      ctx.output.out(formatTable({ columns: ['name', 'state', 'after', 'problem'], rows: graph }));
    ctx.output.out('recent runs:');
    ctx.output.out(formatTable(outcome.history));
    return 0;
  }
  const plan = outcome.plan;
  if (!plan) return 1;
  if (args.drop)
    ctx.output.out(
      plan.dropped.length > 0
        ? `dropped ${plan.dropped.length} task(s): ${plan.dropped.join(', ')}`
        : 'no tasks of this project to drop',
    );
  else if (plan.statements.length === 0)
    ctx.output.out(`task graph up to date: ${plan.unchanged.length} task(s), no DDL issued`);
  else
    ctx.output.out(
      `task graph deployed: ${plan.created.length} created or replaced, ${plan.dropped.length} dropped, ${plan.unchanged.length} unchanged (${plan.statements.length} statements)`,
    );
  for (const s of outcome.skipped ?? []) ctx.output.out(`  not a task: ${s.node} — ${s.reason}`);
  return 0;
}
