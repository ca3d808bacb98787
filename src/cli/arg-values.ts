/**
 * The values of command-line options, checked: a bad value is a usage error (FRG1901, exit 2) that
 * names the option, what it takes and what it got.
 */
import type { ConfigValue } from '../core/config.js';
import type { ForgeNode } from '../core/nodes.js';
import { isCalendarDay } from '../core/time.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { parseVarsText } from '../project/vars.js';

export type LogFormat = 'text' | 'json';
const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

type ResourceType = ForgeNode['resourceType'];
/** Every resource type a node can have (a Record, so a new type must be added here). */
const RESOURCE_TYPE_SET: Readonly<Record<ResourceType, true>> = {
  model: true,
  seed: true,
  source: true,
  test: true,
  unit_test: true,
  ml: true,
};
const RESOURCE_TYPES = Object.keys(RESOURCE_TYPE_SET) as ResourceType[];

function usage(message: string, hint?: string): ForgeError {
  return ForgeError.of(Codes.usage, message, undefined, hint);
}

export function positiveInt(text: string, flag: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw usage(`${flag} needs a whole number of 1 or more, got "${text}"`);
  return value;
}

/** `--port`: 1–65535, or 0 for a free port the system picks. */
export function portNumber(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value > 65_535) {
    throw usage(
      `--port needs a port number from 1 to 65535 (0: any free port), got "${text}"`,
      'e.g. forge serve --port 8580',
    );
  }
  return value;
}

/** `forge ls --output`: how each node is printed. */
const LS_OUTPUTS = ['name', 'path', 'fqn', 'selector', 'json'] as const;
export type LsOutput = (typeof LS_OUTPUTS)[number];

/** One of `allowed`, or a usage error naming the option and the choices. */
function choice<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === text);
  if (found !== undefined) return found;
  const choices = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1) ?? ''}`;
  throw usage(`${flag} must be ${choices}, got "${text}"${didYouMean(text, allowed)}`);
}

export function logFormat(text: string | undefined): LogFormat {
  return text === undefined ? 'text' : choice('--log-format', text, LOG_FORMATS);
}

export function lsOutput(text: string | undefined): LsOutput {
  return text === undefined ? 'name' : choice('--output', text, LS_OUTPUTS);
}

export function resourceTypes(words: readonly string[]): ResourceType[] {
  return words
    .flatMap((word) => word.split(','))
    .filter((word) => word !== '')
    .map((word) => {
      const found = RESOURCE_TYPES.find((type) => type === word);
      if (found === undefined) {
        // a snapshot is a model here (materialized: snapshot), as dbt users may not expect
        const hint =
          word === 'snapshot'
            ? 'snapshots are models: --select config.materialized:snapshot'
            : `choose from: ${RESOURCE_TYPES.join(', ')}`;
        throw usage(
          `--resource-type "${word}" is not a resource type${didYouMean(word, RESOURCE_TYPES)}`,
          hint,
        );
      }
      return found;
    });
}

/** A real calendar date (2025-02-30 is refused), optionally with a time. */
function parseDate(text: string, flag: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime()) || (dateOnly && !isCalendarDay(text))) {
    throw usage(`${flag} needs a date like 2025-01-31 or 2025-01-31T06:00:00Z, got "${text}"`);
  }
  return date;
}

/** `--event-time-start` must come before `--event-time-end` (the window is start ≤ t < end). */
export function eventTimeWindow(
  start: string | undefined,
  end: string | undefined,
): { eventTimeStart?: Date; eventTimeEnd?: Date } {
  const from = start === undefined ? undefined : parseDate(start, '--event-time-start');
  const to = end === undefined ? undefined : parseDate(end, '--event-time-end');
  if (from && to && from.getTime() >= to.getTime()) {
    throw usage(
      `--event-time-start (${start}) must be before --event-time-end (${end})`,
      'the window takes rows with start ≤ event time < end',
    );
  }
  return { ...(from ? { eventTimeStart: from } : {}), ...(to ? { eventTimeEnd: to } : {}) };
}

/** `--vars` / `--args`: a YAML or JSON mapping (as in dbt), or `key: value, key: value`. */
export function parseVars(text: string, flag: string): Record<string, ConfigValue> {
  const vars = parseVarsText(text);
  if (vars === undefined)
    throw usage(`cannot read ${flag} "${text}": it needs a mapping`, `write ${flag} '{"key": "value"}'`);
  return vars;
}
