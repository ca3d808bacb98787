/** `forge report cost [--run <invocation id>]`: time and (on Snowflake) estimated credits per node of a run. */
import { costReport } from '../../api/cost-report.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic } from '../../errors/diagnostic.js';
import { formatTable } from '../../report/table.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function reportCommand(ctx: CommandContext): Promise<number> {
  const [what] = ctx.args.positionals;
  if (what !== 'cost') {
    report(ctx, [
      diagnostic(
        Codes.usage,
        `forge report knows "cost", not "${what ?? ''}"`,
        undefined,
        'forge report cost [--run <invocation id>]',
      ),
    ]);
    return 2;
  }
  const { report: cost, diagnostics } = await costReport(optionsFrom(ctx.args), ctx.args.run);
  report(ctx, diagnostics);
  if (!cost) return 1;
  const rows = cost.nodes.map((n) => ({
    node: n.node,
    statements: n.statements,
    seconds: n.seconds.toFixed(2),
    ...(n.credits !== undefined ? { credits: n.credits.toFixed(5) } : {}),
  }));
  const totals = {
    seconds: cost.nodes.reduce((a, n) => a + n.seconds, 0),
    credits: cost.nodes.reduce((a, n) => a + (n.credits ?? 0), 0),
  };
  ctx.output.out(
    `run ${cost.runId} on target ${cost.target}: ${cost.nodes.length} nodes, ${totals.seconds.toFixed(1)} s` +
      (cost.nodes.some((n) => n.credits !== undefined) ? `, ≈${totals.credits.toFixed(4)} credits` : ''),
  );
  ctx.output.out(
    formatTable({
      columns: [
        'node',
        'statements',
        'seconds',
        ...(cost.nodes.some((n) => n.credits !== undefined) ? ['credits'] : []),
      ],
      rows,
    }),
  );
  ctx.output.out(cost.note);
  return 0;
}
