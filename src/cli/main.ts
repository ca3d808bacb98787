/**
 * `forge` command line: parses argv, calls the API, renders events, returns the exit code.
 * Exit codes: 0 success (warnings allowed), 1 the project or a run has errors, 2 bad usage.
 */
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { terminalReporter, type Output } from '../report/terminal.js';
import { parseArgs } from './args.js';
import { compileCommand, lsCommand, parseCommand } from './commands/compile-commands.js';
import type { CommandContext } from './commands/context.js';
import { debugCommand, initCommand } from './commands/debug-init.js';

const COMMANDS: Readonly<Record<string, (ctx: CommandContext) => Promise<number>>> = {
  parse: parseCommand,
  compile: compileCommand,
  ls: lsCommand,
  list: lsCommand,
  debug: debugCommand,
  init: initCommand,
};

const HELP = `forge — declarative SQL transformations on DuckDB and Snowflake

usage: forge <command> [options]

commands:
  parse                 read the project, report every problem, write target/manifest.json
  compile               render the selected nodes into target/compiled/ and write target/manifest.json
  ls                    list the selected nodes (--output name|path|fqn|json, --resource-type model)
  debug                 show the project, the target (secrets masked) and the connection
  init <dir>            scaffold a new project

options:
  --project-dir <dir>   the project (default: the current directory)
  -t, --target <name>   target from project.yml (default: its "target:", else dev)
  -s, --select <sel…>   nodes to act on: name, +name, name+, 2+name, @name, tag:x, path:models/gold,
                        config.materialized:table, resource_type:seed, gold.* ; space = union, comma = intersection
  --exclude <sel…>      nodes to leave out
  --vars '{"k": "v"}'   override project vars
  --indirect-selection  eager (default) | cautious | none: how tests follow their models
  --log-format json     events as JSON lines on stderr
  -q, --quiet           only problems and results
`;

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runCli(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') { output.out(HELP); return 0; }
    const command = COMMANDS[args.command];
    if (!command) {
      output.err(`FRG1901 unknown command "${args.command}"${didYouMean(args.command, Object.keys(COMMANDS))}\n  hint: forge --help lists the commands`);
      return 2;
    }
    return await command({ args, output, events: terminalReporter(output, args.logFormat, args.quiet) });
  } catch (error) {
    if (error instanceof ForgeError) { output.err(error.message); return 2; }
    throw error;
  }
}
