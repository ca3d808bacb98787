/** `forge schedule [build|run|test|seed|snapshot] --cron "<expr>" [--select …] [--max-runs N]`, and `forge schedule history`. */
import path from 'node:path';
import type { RunCommand } from '../../api/build.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic } from '../../errors/diagnostic.js';
import { formatTable } from '../../report/table.js';
import { parseCron, type Cron } from '../../schedule/cron.js';
import { readHistory } from '../../schedule/schedule-history.js';
import { runSchedule } from '../../schedule/run-schedule.js';
import {
  failureCode,
  optionsFrom,
  report,
  selectionFrom,
  threadsOption,
  type CommandContext,
} from './context.js';

const COMMANDS: readonly RunCommand[] = ['build', 'run', 'test', 'seed', 'snapshot'];

async function historyCommand(ctx: CommandContext): Promise<number> {
  const runs = await readHistory(path.resolve(ctx.args.projectDir));
  const rows = runs.slice(-ctx.args.limit).map((r) => ({
    run: r.run,
    status: r.status,
    scheduled_for: r.scheduledFor,
    seconds: r.seconds?.toFixed(1) ?? '',
    nodes: Object.entries(r.nodes ?? {})
      .map(([k, n]) => `${k} ${n}`)
      .join(', '),
    message: r.message ?? '',
  }));
  ctx.output.out(
    formatTable({ columns: ['run', 'status', 'scheduled_for', 'seconds', 'nodes', 'message'], rows }),
  );
  return 0;
}

export async function scheduleCommand(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  const [what = 'build'] = args.positionals;
  if (what === 'history') return historyCommand(ctx);
  const command = COMMANDS.find((c) => c === what);
  if (!command) {
    report(ctx, [
      diagnostic(
        Codes.usage,
        `forge schedule runs ${COMMANDS.join(', ')} (or shows its history), not "${what}"`,
      ),
    ]);
    return 2;
  }
  if (!args.cron) {
    report(ctx, [
      diagnostic(
        Codes.usage,
        'forge schedule needs --cron "<expression>"',
        undefined,
        'e.g. --cron "0 6 * * *" (every day at 06:00 UTC)',
      ),
    ]);
    return 2;
  }
  let cron: Cron;
  try {
    cron = parseCron(args.cron);
  } catch (error) {
    report(ctx, [
      diagnostic(
        Codes.scheduleInvalid,
        `cannot read --cron "${args.cron}": ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        'fields: [second] minute hour day-of-month month day-of-week, e.g. "*/15 * * * *"; or @hourly, @daily',
      ),
    ]);
    return 2;
  }
  const { selection, diagnostics } = await selectionFrom(ctx, command === 'build' ? 'cautious' : 'eager');
  report(ctx, diagnostics);
  if (!selection) return failureCode(diagnostics);
  const controller = new AbortController();
  const stop = (): void => {
    ctx.events({
      type: 'info',
      message: 'schedule: stopping — the running nodes finish, nothing new starts',
    });
    controller.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    return await runSchedule(
      optionsFrom(args),
      {
        projectDir: path.resolve(args.projectDir),
        cron,
        selection,
        run: {
          command,
          fullRefresh: args.fullRefresh,
          noReuse: args.noReuse,
          failFast: args.failFast,
          ...threadsOption(ctx),
        },
        ...(args.maxRuns ? { maxRuns: args.maxRuns } : {}),
      },
      controller.signal,
      ctx.events,
    );
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
