/** `forge show`, `forge run-operation` and `forge clean`. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { QueryResult } from '../../adapters/adapter.js';
import { runOperation, show } from '../../api/show.js';
import { TARGET_DIR } from '../../artifacts/write-artifacts.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, hasErrors } from '../../errors/diagnostic.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function showCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  const outcome = await show(optionsFrom(args), { select: args.select, exclude: args.exclude }, args.inline, args.limit);
  report(ctx, outcome.diagnostics);
  if (hasErrors(outcome.diagnostics) || !outcome.result) return 1;
  ctx.output.out(formatTable(outcome.result));
  return 0;
}

export async function runOperationCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.args.positionals[0];
  if (!name) {
    report(ctx, [diagnostic(Codes.usage, 'forge run-operation needs a macro name', undefined, `forge run-operation grant_select --args '{"role": "analyst"}'`)]);
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
  ctx.events({ type: 'info', message: `removed ${dir} (the warehouse file under .forge/ is data and stays)` });
  return 0;
}

export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) => result.columns.map((c) => formatCell(row[c])));
  const widths = result.columns.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length))));
  const line = (values: string[]): string => values.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join(' | ');
  return [line([...result.columns]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line), `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`].join('\n');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
