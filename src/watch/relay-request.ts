/**
 * The relay's request line, validated: whatever arrives on the watcher's socket is untrusted input
 * (another user's process, a stray `nc`), so a line that is not a request is answered with FRG2030
 * and the watcher keeps running.
 */
import type { RunCommand, RunOptions } from '../api/build.js';
import type { Selection } from '../api/forge.js';

export interface RelayRequest {
  readonly selection: Selection;
  readonly run: RunOptions;
}

const COMMANDS: ReadonlySet<string> = new Set<RunCommand>(['build', 'run', 'seed', 'snapshot', 'test']);
const INDIRECT: ReadonlySet<string> = new Set(['eager', 'cautious', 'none']);
const FLAGS = ['fullRefresh', 'noReuse', 'failFast', 'defer', 'favorState'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The request in one line of JSON, or what is wrong with it (one short sentence). */
export function parseRelayRequest(line: string): RelayRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'the line is not JSON';
  }
  if (!isRecord(value) || !isRecord(value['selection']) || !isRecord(value['run']))
    return 'a request is {"selection": {…}, "run": {…}}';
  const selection = readSelection(value['selection']);
  if (typeof selection === 'string') return selection;
  const run = readRun(value['run']);
  return typeof run === 'string' ? run : { selection, run };
}

function readSelection(raw: Record<string, unknown>): Selection | string {
  for (const key of ['select', 'exclude'] as const) {
    if (raw[key] !== undefined && !isStrings(raw[key])) return `selection.${key} must be a list of strings`;
  }
  if (raw['indirect'] !== undefined && !INDIRECT.has(String(raw['indirect'])))
    return 'selection.indirect must be eager, cautious or none';
  // a state (--state) is never relayed: such commands run on their own
  if (raw['state'] !== undefined) return 'selection.state cannot be relayed';
  return {
    ...(raw['select'] !== undefined ? { select: raw['select'] as string[] } : {}),
    ...(raw['exclude'] !== undefined ? { exclude: raw['exclude'] as string[] } : {}),
    ...(raw['indirect'] !== undefined ? { indirect: raw['indirect'] as Selection['indirect'] & string } : {}),
  };
}

function readRun(raw: Record<string, unknown>): RunOptions | string {
  if (typeof raw['command'] !== 'string' || !COMMANDS.has(raw['command']))
    return `run.command must be one of ${[...COMMANDS].join(', ')}`;
  for (const flag of FLAGS) {
    if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') return `run.${flag} must be true or false`;
  }
  const threads = raw['threads'];
  if (
    threads !== undefined &&
    (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 1024)
  )
    return 'run.threads must be a whole number from 1 to 1024';
  const times: Partial<Record<'eventTimeStart' | 'eventTimeEnd', Date>> = {};
  for (const key of ['eventTimeStart', 'eventTimeEnd'] as const) {
    if (raw[key] === undefined) continue;
    // JSON carries the run's Dates as ISO strings: revive them
    const time = typeof raw[key] === 'string' ? new Date(raw[key]) : undefined;
    if (!time || Number.isNaN(time.getTime())) return `run.${key} must be an ISO date-time`;
    times[key] = time;
  }
  // only the known keys: anything else (a `stop` object, say) would reach the run as something it is not
  const flags = Object.fromEntries(FLAGS.filter((f) => raw[f] !== undefined).map((f) => [f, raw[f]]));
  return {
    command: raw['command'] as RunCommand,
    ...flags,
    ...(threads !== undefined ? { threads } : {}),
    ...times,
  };
}
