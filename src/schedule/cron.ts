/**
 * CRON expressions, evaluated in UTC: five fields (minute hour day-of-month month day-of-week) or
 * six with seconds first. Each field: `*`, a value, `a-b`, a list `a,b`, a step `*\/n` or `a-b/n`;
 * months and weekdays also by name (JAN, MON). As in cron, when both day fields are restricted a
 * day matching either one fires. `@hourly`, `@daily`, `@weekly`, `@monthly` are shorthands.
 */
export interface Cron {
  readonly text: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const SHORTHANDS: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly offset?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, offset: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + (spec.offset ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max)
    throw new Error(`"${text}" is not a ${spec.name} (${spec.min}–${spec.max})`);
  return n;
}

function field(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`step "${stepText}" in the ${spec.name} field must be a whole number of 1 or more`);
    const [from, to] =
      range === '*'
        ? [spec.min, spec.max]
        : range.includes('-')
          ? (range.split('-').map((t) => value(t, spec)) as [number, number])
          : [value(range, spec), stepText === undefined ? value(range, spec) : spec.max];
    if (from > to) throw new Error(`range "${range}" in the ${spec.name} field runs backwards`);
    for (let n = from; n <= to; n += step) out.add(spec.name === 'day of week' && n === 7 ? 0 : n);
  }
  return out;
}

/** Parses a CRON expression; throws an Error saying what is wrong. */
export function parseCron(text: string): Cron {
  const expanded = SHORTHANDS[text.trim().toLowerCase()] ?? text.trim();
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6)
    throw new Error(
      `a CRON expression has 5 fields (minute hour day month weekday) or 6 (seconds first); "${text}" has ${parts.length}`,
    );
  const all = parts.length === 5 ? ['0', ...parts] : parts;
  const sets = all.map((p, i) => field(p, FIELDS[i] as FieldSpec));
  return {
    text,
    seconds: sets[0] as Set<number>,
    minutes: sets[1] as Set<number>,
    hours: sets[2] as Set<number>,
    days: sets[3] as Set<number>,
    months: sets[4] as Set<number>,
    weekdays: sets[5] as Set<number>,
    daysRestricted: all[3] !== '*',
    weekdaysRestricted: all[5] !== '*',
  };
}

function dayMatches(cron: Cron, date: Date): boolean {
  const dom = cron.days.has(date.getUTCDate());
  const dow = cron.weekdays.has(date.getUTCDay());
  if (cron.daysRestricted && cron.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** The first time strictly after `after` that the expression fires (within five years, else undefined). */
export function nextFire(cron: Cron, after: Date): Date | undefined {
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!cron.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!cron.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0);
      continue;
    }
    if (!cron.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
      continue;
    }
    if (!cron.seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1);
      continue;
    }
    return t;
  }
  return undefined;
}
