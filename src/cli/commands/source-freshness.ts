/** `forge source freshness`: exit 1 when any source is past its error_after (or cannot be read). */
import { sourceFreshness } from '../../api/freshness.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, hasErrors } from '../../errors/diagnostic.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function sourceCommand(ctx: CommandContext): Promise<number> {
  if (ctx.args.positionals[0] !== 'freshness') {
    report(ctx, [
      diagnostic(
        Codes.usage,
        'forge source needs a subcommand',
        undefined,
        'forge source freshness [--select source:raw]',
      ),
    ]);
    return 2;
  }
  const { diagnostics, results } = await sourceFreshness(optionsFrom(ctx.args), {
    select: ctx.args.select,
    exclude: ctx.args.exclude,
  });
  report(ctx, diagnostics);
  if (hasErrors(diagnostics)) return 1;
  for (const r of results) {
    const label = { pass: 'PASS ', warn: 'WARN ', error: 'ERROR', 'runtime error': 'ERROR' }[r.status];
    ctx.output.out(`${label} source ${r.source.sourceName}.${r.source.name}: ${r.message}`);
  }
  ctx.events({
    type: 'info',
    message: `checked ${results.length} source table${results.length === 1 ? '' : 's'}; wrote target/sources.json`,
  });
  return results.some((r) => r.status === 'error' || r.status === 'runtime error') ? 1 : 0;
}
