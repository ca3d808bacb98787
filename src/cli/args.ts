/**
 * Command-line arguments: `forge <command> [flags]`. `--select` and `--exclude` take every word up
 * to the next flag, as in dbt (`--select a b+ tag:x`).
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import {
  eventTimeWindow,
  logFormat,
  lsOutput,
  parseVars,
  portNumber,
  positiveInt,
  resourceTypes,
  type LogFormat,
  type LsOutput,
} from './arg-values.js';

export interface CliArgs {
  readonly command: string;
  readonly positionals: string[];
  readonly projectDir: string;
  readonly target?: string;
  readonly select: string[];
  readonly exclude: string[];
  readonly vars?: Record<string, ConfigValue>;
  readonly output: LsOutput;
  readonly resourceTypes: readonly string[];
  /** Unset: eager, except `build`, which defaults to cautious (a test runs when all it reads is built). */
  readonly indirect?: 'eager' | 'cautious' | 'none';
  readonly logFormat: LogFormat;
  readonly quiet: boolean;
  readonly fullRefresh: boolean;
  /** `--no-reuse`: run every selected node even where reuse_unchanged would reuse it. */
  readonly noReuse: boolean;
  readonly failFast: boolean;
  readonly watch: boolean;
  readonly threads?: number;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  readonly limit: number;
  readonly inline?: string;
  readonly macroArgs?: Record<string, ConfigValue>;
  readonly generate: boolean;
  readonly scale?: string;
  readonly appendDays?: number;
  readonly seed?: number;
  /** `--state <dir>`: a previous run's target/ folder. */
  readonly state?: string;
  readonly defer: boolean;
  readonly favorState: boolean;
  /** `forge schedule --cron "<expr>" [--max-runs N]`. */
  readonly cron?: string;
  readonly maxRuns?: number;
  /** `forge report cost --run <invocation id>`. */
  readonly run?: string;
  /** `forge deploy --drop` / `--status`. */
  readonly drop: boolean;
  readonly status: boolean;
  /** `forge serve --host --port`; `--serve` beside `--watch`. */
  readonly host?: string;
  readonly port?: number;
  readonly serve: boolean;
  /** `forge init --force`: scaffold into a folder that is not empty. */
  readonly force: boolean;
}

const MULTI = new Set(['--select', '-s', '--exclude', '--resource-type', '--models', '-m']);
const SINGLE = new Set([
  '--project-dir',
  '--target',
  '-t',
  '--vars',
  '--output',
  '-o',
  '--indirect-selection',
  '--log-format',
  '--threads',
  '--event-time-start',
  '--event-time-end',
  '--limit',
  '--inline',
  '--args',
  '--scale',
  '--append-days',
  '--seed',
  '--state',
  '--cron',
  '--max-runs',
  '--run',
  '--host',
  '--port',
]);
const FLAGS = new Set([
  '--quiet',
  '-q',
  '--help',
  '-h',
  '--full-refresh',
  '--no-reuse',
  '--fail-fast',
  '-x',
  '--generate',
  '--watch',
  '-w',
  '--defer',
  '--favor-state',
  '--drop',
  '--status',
  '--serve',
  '--debug',
  '--force',
  '--version',
  '-V',
]);

export function parseArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = readWords(argv);
  const one = (flag: string): string | undefined => values.get(flag)?.at(-1);
  const command = positionals.shift() ?? 'help';
  const indirect = one('--indirect-selection');
  if (indirect !== undefined && indirect !== 'eager' && indirect !== 'cautious' && indirect !== 'none') {
    throw ForgeError.of(
      Codes.usage,
      `--indirect-selection must be eager, cautious or none, got "${indirect}"`,
    );
  }
  const target = one('--target');
  const vars = one('--vars');
  const threads = one('--threads');
  const inline = one('--inline');
  const macroArgs = one('--args');
  return {
    command:
      values.has('--version') || values.has('-V') ? 'version' : values.has('--help') ? 'help' : command,
    positionals,
    projectDir: one('--project-dir') ?? process.cwd(),
    ...(target ? { target } : {}),
    ...(vars ? { vars: parseVars(vars, '--vars') } : {}),
    select: values.get('--select') ?? [],
    exclude: values.get('--exclude') ?? [],
    output: lsOutput(one('--output')),
    resourceTypes: resourceTypes(values.get('--resource-type') ?? []),
    ...(indirect ? { indirect } : {}),
    logFormat: logFormat(one('--log-format')),
    quiet: values.has('--quiet'),
    fullRefresh: values.has('--full-refresh'),
    noReuse: values.has('--no-reuse'),
    failFast: values.has('--fail-fast'),
    watch: values.has('--watch'),
    ...(threads ? { threads: positiveInt(threads, '--threads') } : {}),
    ...eventTimeWindow(one('--event-time-start'), one('--event-time-end')),
    limit: positiveInt(one('--limit') ?? '10', '--limit'),
    ...(inline ? { inline } : {}),
    ...(macroArgs ? { macroArgs: parseVars(macroArgs, '--args') } : {}),
    generate: values.has('--generate') || values.has('--append-days'),
    ...(one('--scale') ? { scale: one('--scale') as string } : {}),
    ...(one('--append-days')
      ? { appendDays: positiveInt(one('--append-days') as string, '--append-days') }
      : {}),
    ...(one('--seed') ? { seed: positiveInt(one('--seed') as string, '--seed') } : {}),
    ...(one('--state') ? { state: one('--state') as string } : {}),
    defer: values.has('--defer'),
    favorState: values.has('--favor-state'),
    ...(one('--cron') ? { cron: one('--cron') as string } : {}),
    ...(one('--run') ? { run: one('--run') as string } : {}),
    ...(one('--host') ? { host: one('--host') as string } : {}),
    ...(one('--port') !== undefined ? { port: portNumber(one('--port') as string) } : {}),
    serve: values.has('--serve'),
    force: values.has('--force'),
    drop: values.has('--drop'),
    status: values.has('--status'),
    ...(one('--max-runs') ? { maxRuns: positiveInt(one('--max-runs') as string, '--max-runs') } : {}),
  };
}

/**
 * Splits argv into option values (by canonical name) and positionals. An option that takes a value
 * but is given none (at the end, or followed by another option) is a usage error: `--select` alone
 * must not quietly select everything.
 */
function readWords(argv: readonly string[]): { values: Map<string, string[]>; positionals: string[] } {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let open: { flag: string; written: string; given: number } | undefined;
  const close = (): void => {
    if (open?.given === 0) {
      throw ForgeError.of(
        Codes.usage,
        `${open.written} needs a value`,
        undefined,
        `e.g. ${example(open.flag)}; forge --help lists the options`,
      );
    }
    open = undefined;
  };
  const add = (value: string): void => {
    if (!open) return;
    if (value.trim() !== '') {
      values.get(open.flag)?.push(value);
      open.given++;
    }
    if (SINGLE.has(open.written)) close();
  };
  for (const word of argv) {
    if (!word.startsWith('-') || /^-\d/.test(word)) {
      if (open) add(word);
      else positionals.push(word);
      continue;
    }
    close();
    const equals = word.indexOf('=');
    const [flag, inline] = equals > 0 ? [word.slice(0, equals), word.slice(equals + 1)] : [word, undefined];
    if (!MULTI.has(flag) && !SINGLE.has(flag) && !FLAGS.has(flag)) {
      throw ForgeError.of(
        Codes.usage,
        `unknown option ${flag}${didYouMean(flag, [...MULTI, ...SINGLE, ...FLAGS])}`,
        undefined,
        'forge --help lists the options',
      );
    }
    const name = canonical(flag);
    values.set(name, values.get(name) ?? []);
    if (FLAGS.has(flag)) continue;
    open = { flag: name, written: flag, given: 0 };
    if (inline !== undefined) add(inline);
  }
  close();
  return { values, positionals };
}

function example(flag: string): string {
  switch (flag) {
    case '--select':
    case '--exclude':
      return `${flag} orders+`;
    case '--threads':
      return '--threads 8';
    case '--vars':
      return `--vars '{"key": "value"}'`;
    case '--resource-type':
      return '--resource-type model';
    default:
      return `${flag} <value>`;
  }
}

function canonical(flag: string): string {
  switch (flag) {
    case '-x':
      return '--fail-fast';
    case '-w':
      return '--watch';
    case '-s':
    case '--models':
    case '-m':
      return '--select';
    case '-t':
      return '--target';
    case '-o':
      return '--output';
    case '-q':
      return '--quiet';
    case '-h':
      return '--help';
    default:
      return flag;
  }
}
