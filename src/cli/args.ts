/**
 * Command-line arguments: `forge <command> [flags]`. `--select` and `--exclude` take every word up
 * to the next flag, as in dbt (`--select a b+ tag:x`).
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';

export interface CliArgs {
  readonly command: string;
  readonly positionals: string[];
  readonly projectDir: string;
  readonly target?: string;
  readonly select: string[];
  readonly exclude: string[];
  readonly vars?: Record<string, ConfigValue>;
  readonly output: string;
  readonly resourceTypes: string[];
  /** Unset: eager, except `build`, which defaults to cautious (a test runs when all it reads is built). */
  readonly indirect?: 'eager' | 'cautious' | 'none';
  readonly logFormat: 'text' | 'json';
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
const SINGLE = new Set(['--project-dir', '--target', '-t', '--vars', '--output', '-o', '--indirect-selection', '--log-format', '--threads',
  '--event-time-start', '--event-time-end', '--limit', '--inline', '--args', '--scale', '--append-days', '--seed',
  '--state', '--cron', '--max-runs', '--run', '--host', '--port']);
const FLAGS = new Set(['--quiet', '-q', '--help', '-h', '--full-refresh', '--no-reuse', '--fail-fast', '-x', '--generate', '--watch', '-w', '--defer', '--favor-state', '--drop', '--status', '--serve', '--debug', '--force']);

export function parseArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let current: string | undefined;
  for (const word of argv) {
    if (word.startsWith('-') && !/^-\d/.test(word)) {
      const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
      if (!MULTI.has(flag) && !SINGLE.has(flag) && !FLAGS.has(flag)) {
        throw ForgeError.of(Codes.usage, `unknown option ${flag}${didYouMean(flag, [...MULTI, ...SINGLE, ...FLAGS])}`, undefined, 'forge --help lists the options');
      }
      values.set(canonical(flag), values.get(canonical(flag)) ?? []);
      current = FLAGS.has(flag) ? undefined : canonical(flag);
      if (inline !== undefined && current) { values.get(current)?.push(inline); if (SINGLE.has(flag)) current = undefined; }
      continue;
    }
    if (current) {
      values.get(current)?.push(word);
      if (SINGLE.has(current)) current = undefined;
    } else positionals.push(word);
  }
  const one = (flag: string): string | undefined => values.get(flag)?.at(-1);
  const command = positionals.shift() ?? (values.has('--help') ? 'help' : 'help');
  const indirect = one('--indirect-selection');
  if (indirect !== undefined && indirect !== 'eager' && indirect !== 'cautious' && indirect !== 'none') {
    throw ForgeError.of(Codes.usage, `--indirect-selection must be eager, cautious or none, got "${indirect}"`);
  }
  const target = one('--target');
  const vars = one('--vars');
  const threads = one('--threads');
  const inline = one('--inline');
  const macroArgs = one('--args');
  const start = one('--event-time-start');
  const end = one('--event-time-end');
  return {
    command: values.has('--help') ? 'help' : command,
    positionals,
    projectDir: one('--project-dir') ?? process.cwd(),
    ...(target ? { target } : {}),
    ...(vars ? { vars: parseVars(vars) } : {}),
    select: values.get('--select') ?? [],
    exclude: values.get('--exclude') ?? [],
    output: one('--output') ?? 'name',
    resourceTypes: values.get('--resource-type') ?? [],
    ...(indirect ? { indirect } : {}),
    logFormat: one('--log-format') === 'json' ? 'json' : 'text',
    quiet: values.has('--quiet'),
    fullRefresh: values.has('--full-refresh'),
    noReuse: values.has('--no-reuse'),
    failFast: values.has('--fail-fast'),
    watch: values.has('--watch'),
    ...(threads ? { threads: positiveInt(threads, '--threads') } : {}),
    ...(start ? { eventTimeStart: parseDate(start, '--event-time-start') } : {}),
    ...(end ? { eventTimeEnd: parseDate(end, '--event-time-end') } : {}),
    limit: positiveInt(one('--limit') ?? '10', '--limit'),
    ...(inline ? { inline } : {}),
    ...(macroArgs ? { macroArgs: parseVars(macroArgs) } : {}),
    generate: values.has('--generate') || values.has('--append-days'),
    ...(one('--scale') ? { scale: one('--scale') as string } : {}),
    ...(one('--append-days') ? { appendDays: positiveInt(one('--append-days') as string, '--append-days') } : {}),
    ...(one('--seed') ? { seed: positiveInt(one('--seed') as string, '--seed') } : {}),
    ...(one('--state') ? { state: one('--state') as string } : {}),
    defer: values.has('--defer'),
    favorState: values.has('--favor-state'),
    ...(one('--cron') ? { cron: one('--cron') as string } : {}),
    ...(one('--run') ? { run: one('--run') as string } : {}),
    ...(one('--host') ? { host: one('--host') as string } : {}),
    ...(one('--port') !== undefined ? { port: Number(one('--port')) } : {}),
    serve: values.has('--serve'),
    force: values.has('--force'),
    drop: values.has('--drop'),
    status: values.has('--status'),
    ...(one('--max-runs') ? { maxRuns: positiveInt(one('--max-runs') as string, '--max-runs') } : {}),
  };
}

function positiveInt(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw ForgeError.of(Codes.usage, `${flag} needs a whole number of 1 or more, got "${text}"`);
  return value;
}

function parseDate(text: string, flag: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw ForgeError.of(Codes.usage, `${flag} needs a date like 2025-01-31 or 2025-01-31T06:00:00Z, got "${text}"`);
  return date;
}

function canonical(flag: string): string {
  switch (flag) {
    case '-x': return '--fail-fast';
    case '-w': return '--watch';
    case '-s': case '--models': case '-m': return '--select';
    case '-t': return '--target';
    case '-o': return '--output';
    case '-q': return '--quiet';
    case '-h': return '--help';
    default: return flag;
  }
}

function parseVars(text: string): Record<string, ConfigValue> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, ConfigValue>;
  } catch {
    // fall through to key:value pairs
  }
  const out: Record<string, ConfigValue> = {};
  for (const pair of text.replace(/^\{|\}$/g, '').split(',')) {
    const [key, ...rest] = pair.split(':');
    if (!key?.trim() || rest.length === 0) throw ForgeError.of(Codes.usage, `cannot read --vars "${text}"`, undefined, `write --vars '{"key": "value"}'`);
    const raw = rest.join(':').trim().replace(/^['"]|['"]$/g, '');
    out[key.trim()] = raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
