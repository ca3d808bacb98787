/**
 * `forge` command line: parses argv, calls the API, renders events, returns the exit code.
 * Exit codes: 0 success (warnings allowed), 1 the project has errors or a node failed (or Forge hit
 * a bug: FRG1920), 2 bad usage.
 */
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { terminalReporter, type Output } from '../report/terminal.js';
import { consoleOutput } from './console-output.js';
import { debugWanted, internalErrorText } from './internal-error.js';
import { parseArgs } from './args.js';
import { compileCommand, lsCommand, parseCommand } from './commands/compile-commands.js';
import { failureCode, type CommandContext } from './commands/context.js';
import { debugCommand } from './commands/debug-init.js';
import { initCommand } from './commands/init-command.js';
import { FORGE_VERSION } from '../core/version.js';
import { retryCommand, runCommand } from './commands/build-commands.js';
import { sourceCommand } from './commands/source-freshness.js';
import { scheduleCommand } from './commands/schedule-command.js';
import { reportCommand } from './commands/report-command.js';
import { deployCommand } from './commands/deploy-command.js';
import { docsCommand } from './commands/docs-command.js';
import { serveCommand } from './commands/serve-command.js';
import { cleanCommand, runOperationCommand, showCommand } from './commands/show-clean.js';

export { installCrashHandlers } from './internal-error.js';

const COMMANDS: Readonly<Record<string, (ctx: CommandContext) => Promise<number>>> = {
  parse: parseCommand,
  compile: compileCommand,
  ls: lsCommand,
  list: lsCommand,
  debug: debugCommand,
  init: initCommand,
  build: runCommand('build'),
  run: runCommand('run'),
  seed: runCommand('seed'),
  snapshot: runCommand('snapshot'),
  test: runCommand('test'),
  retry: retryCommand,
  clone: runCommand('clone'),
  schedule: scheduleCommand,
  report: reportCommand,
  deploy: deployCommand,
  docs: docsCommand,
  serve: serveCommand,
  source: sourceCommand,
  show: showCommand,
  'run-operation': runOperationCommand,
  clean: cleanCommand,
};

const HELP = `forge — declarative SQL transformations on DuckDB and Snowflake

usage: forge <command> [options]

commands:
  build                 seed, run and snapshot the selected nodes in graph order (the whole pipeline)
  run                   build the selected models
  seed                  load the selected seeds; --generate [--scale default|x10|large] [--seed N]
                        runs the project's data generator first; --append-days N adds the next days
  snapshot              run the selected snapshots (SCD type 2)
  test                  run the data tests of the selection (--select orders runs the tests on orders)
  retry                 re-run what failed or was skipped in the last run, with that run's command
  schedule --cron "<e>" run a build (or run/test/seed/snapshot) on a CRON schedule (UTC) as a long-running
                        process: no overlapping runs, history in .forge/schedule_history.jsonl, SIGTERM
                        stops after the running nodes; --max-runs N; forge schedule history
  serve                 the live dashboard (/) and the docs (/docs) on 127.0.0.1:8580 (--host, --port)
  docs generate         the docs site (lineage, nodes, columns, last run, ML evaluation) under target/docs/
  deploy --cron "<e>"   (Snowflake) the selection's SQL graph as a task graph, idempotently; --drop; --status
  report cost           time and (Snowflake) estimated credits per node of the last run (--run <id>), from query tags
  clone --state <dir>   copy (DuckDB) or zero-copy clone (Snowflake) the selected tables from the state's target
  source freshness      how long ago each source table was loaded, against its warn_after/error_after
  show                  preview rows: --select model [--limit 10] or --inline "select … {{ref 'x'}}"
  run-operation <macro> render a macro with --args '{"k": "v"}' and run it
  clean                 remove target/ (never the warehouse file)
  parse                 read the project, report every problem, write target/manifest.json
  compile               render the selected nodes into target/compiled/ and write target/manifest.json
  ls                    list the selected nodes (--output name|path|fqn|json, --resource-type model)
  debug                 show the project, the target (secrets masked) and the connection
  init [dir]            scaffold a new project (the current folder must be empty, or --force)

options:
  --project-dir <dir>   the project (default: the current directory)
  -t, --target <name>   target from project.yml (default: its "target:", else dev)
  -s, --select <sel…>   nodes to act on: name, +name, name+, 2+name, @name, tag:x, path:models/gold,
                        config.materialized:table, resource_type:seed, gold.* ; space = union, comma = intersection
  --exclude <sel…>      nodes to leave out
  --vars '{"k": "v"}'   override project vars
  --indirect-selection  eager (default) | cautious | none: how tests follow their models
  --log-format json     events as JSON lines on stdout
  --full-refresh        rebuild incremental models and seeds from scratch
  --no-reuse            run nodes configured reuse_unchanged even when their inputs did not change
  --threads N           nodes run at once (a node starts when its parents finish); default: the target's
  --fail-fast, -x       start nothing new after the first failure
  --watch, -w           build/compile/test again on every save (keys: a all, f failed, q quit); with
                        --serve it also serves the dashboard; other builds on the project go through it
  --state <dir>         a previous run's target/ folder: enables state:new, state:modified[.body|.configs|
                        .macros|.vars|.contract|.upstream_contract]
  --defer               read unselected parents from the state's target when missing here (--favor-state: always)
  --event-time-start/--event-time-end  the window range for microbatch models (backfill)
  -q, --quiet           only problems and results
  --debug               the stack trace of an internal error (FRG1920; also FORGE_DEBUG=1)
  -V, --version         print Forge's version
`;

export async function runCli(argv: readonly string[], output: Output = consoleOutput()): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      output.out(HELP);
      return 0;
    }
    if (args.command === 'version') {
      output.out(`forge ${FORGE_VERSION}`);
      return 0;
    }
    const command = COMMANDS[args.command];
    if (!command) {
      output.err(
        `FRG1901 unknown command "${args.command}"${didYouMean(args.command, Object.keys(COMMANDS))}\n  hint: forge --help lists the commands`,
      );
      return 2;
    }
    return await command({ args, output, events: terminalReporter(output, args.logFormat, args.quiet) });
  } catch (error) {
    if (error instanceof ForgeError) {
      output.err(error.message);
      return failureCode(error.diagnostics);
    }
    output.err(internalErrorText(error, debugWanted(argv)));
    return 1;
  }
}
