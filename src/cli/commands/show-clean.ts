/** `forge show`, `forge run-operation` and `forge clean`. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runOperation, show } from '../../api/show.js';
import { TARGET_DIR } from '../../compile/target-paths.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, hasErrors } from '../../errors/diagnostic.js';
import { formatTable } from '../../report/table.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function showCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  const outcome = await show(
    optionsFrom(args),
    { select: args.select, exclude: args.exclude },
    args.inline,
    args.limit,
  );
  report(ctx, outcome.diagnostics);
  if (hasErrors(outcome.diagnostics) || !outcome.result) return 1;
  ctx.output.out(formatTable(outcome.result));
  return 0;
}

export async function runOperationCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args.positionals[0];
  if (!name) {
    report(ctx, [
      diagnostic(
        Codes.usage,
        'forge run-operation needs a macro name',
        undefined,
        `forge run-operation grant_select --args '{"role": "analyst"}'`,
      ),
    ]);
    return 2;
  }
  const outcome = await runOperation(optionsFrom(ctx.args), name, ctx.args.macroArgs ?? {});
  report(ctx, outcome.diagnostics);
  if (hasErrors(outcome.diagnostics)) return 1;
  ctx.events({ type: 'info', message: `ran macro ${name}` });
  if (outcome.result && outcome.result.columns.length > 0) ctx.output.out(formatTable(outcome.result));
  return 0;
}

export async function cleanCommand(ctx: CommandContext): Promise<number> {
  const dir = path.resolve(ctx.args.projectDir, TARGET_DIR);
  await rm(dir, { recursive: true, force: true });
  ctx.events({
    type: 'info',
    message: `removed ${dir} (the warehouse file under .forge/ is data and stays)`,
  });
  return 0;
}
