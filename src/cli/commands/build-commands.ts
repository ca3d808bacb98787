/** `forge build`, `run`, `seed`, `snapshot`: exit 1 when any node failed. */
import { runFailed, type RunCommand, type RunOptions, type RunOutcome } from '../../api/build.js';
import { runProject } from '../../api/run-project.js';
import type { Selection } from '../../api/forge.js';
import { runGenerator } from '../../api/generate.js';
import { loadProject } from '../../api/load-project.js';
import { readLastRun } from '../../api/retry.js';
import path from 'node:path';
import { Codes } from '../../errors/codes.js';
import { diagnostic } from '../../errors/diagnostic.js';
import {
  failureCode,
  optionsFrom,
  report,
  selectionFrom,
  threadsOption,
  type CommandContext,
} from './context.js';
import { watchCommand } from './watch-command.js';
import { runThroughWatcher } from '../../watch/relay.js';

export function runCommand(command: RunCommand): (ctx: CommandContext) => Promise<number> {
  return async (ctx) => {
    const { args } = ctx;
    if (command === 'seed' && args.generate) {
      const generated = await generateFor(ctx);
      if (generated !== 0) return generated;
    }
    const { selection, diagnostics } = await selectionFrom(ctx, command === 'build' ? 'cautious' : 'eager');
    report(ctx, diagnostics);
    if (!selection) return failureCode(diagnostics);
    const run = {
      command,
      fullRefresh: args.fullRefresh,
      noReuse: args.noReuse,
      failFast: args.failFast,
      defer: args.defer || args.favorState,
      favorState: args.favorState,
      ...threadsOption(ctx),
      ...(args.eventTimeStart ? { eventTimeStart: args.eventTimeStart } : {}),
      ...(args.eventTimeEnd ? { eventTimeEnd: args.eventTimeEnd } : {}),
    };
    if (args.watch) return watchCommand(ctx, selection, run);
    // a watcher holding this project's DuckDB file runs the command itself (watch/relay.ts)
    if (!selection.state && !args.generate && command !== 'clone') {
      const database = (await loadProject(optionsFrom(args))).loaded?.target.path;
      const relayed = await runThroughWatcher(database, selection, run, ctx.events);
      if (relayed !== undefined) return relayed;
    }
    const outcome = await runInterruptible(ctx, selection, run);
    report(ctx, outcome.diagnostics);
    if (outcome.interrupted) return 130;
    return runFailed(outcome.diagnostics, outcome.results) ? 1 : 0;
  };
}

/** Ctrl-C (SIGINT) cancels the running statements and starts nothing new (exit 130). */
async function runInterruptible(
  ctx: CommandContext,
  selection: Selection,
  run: RunOptions,
): Promise<RunOutcome> {
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort('interrupted (Ctrl-C)');
  };
  process.on('SIGINT', interrupt);
  try {
    return await runProject(
      optionsFrom(ctx.args),
      selection,
      { ...run, signal: controller.signal },
      ctx.events,
    );
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** `forge retry`: what failed or was skipped in the last run, with that run's command. */
export async function retryCommand(ctx: CommandContext): Promise<number> {
  const { last, diagnostics } = await readLastRun(path.resolve(ctx.args.projectDir));
  report(ctx, diagnostics);
  if (!last) return 1;
  if (last.ids.length === 0) {
    ctx.events({ type: 'info', message: 'retry: nothing failed or was skipped in the last run' });
    return 0;
  }
  ctx.events({
    type: 'info',
    message: `retry: ${last.ids.length} node(s) that failed or were skipped in the last \`forge ${last.command}\``,
  });
  const outcome = await runProject(
    optionsFrom(ctx.args),
    {},
    { command: last.command, only: last.ids, failFast: ctx.args.failFast, ...threadsOption(ctx) },
    ctx.events,
  );
  report(ctx, outcome.diagnostics);
  return runFailed(outcome.diagnostics, outcome.results) ? 1 : 0;
}

/** `forge seed --generate [--scale S] [--seed N] [--append-days N]`. */
async function generateFor(ctx: CommandContext): Promise<number> {
  const { loaded, diagnostics } = await loadProject(optionsFrom(ctx.args));
  report(ctx, diagnostics);
  if (!loaded) return 1;
  const generator = loaded.project.generator;
  if (!generator) {
    report(ctx, [
      diagnostic(
        Codes.generatorFailed,
        'this project declares no generator',
        { file: 'project.yml' },
        'add generator: { module: path/to/generator.mjs } to project.yml',
      ),
    ]);
    return 1;
  }
  const { args } = ctx;
  const result = await runGenerator(
    loaded.projectDir,
    generator,
    {
      ...(args.scale ? { scale: args.scale } : {}),
      ...(args.seed ? { seed: args.seed } : {}),
      ...(args.appendDays ? { appendDays: args.appendDays } : {}),
    },
    ctx.events,
  );
  const rows = (result as { rows?: Record<string, number> } | undefined)?.rows;
  ctx.events({
    type: 'info',
    message: `generated into ${generator.landing}${
      rows
        ? `: ${Object.entries(rows)
            .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
            .join(', ')}`
        : ''
    }`,
  });
  return 0;
}
