/**
 * A source's `freshness` (dbt's shape): `warn_after` / `error_after`, each `{count: <whole number
 * ≥ 1>, period: minute|hour|day}`, and an optional `filter` (SQL). `freshness: null` turns it off.
 * Checked where it is written (a source or one of its tables), so a slip is not silently "pass".
 */
import { didYouMean } from '../errors/did-you-mean.js';
import { describe, isPlainObject, type YamlValidator } from './validate.js';
import type { YamlPath } from './yaml-file.js';

const FRESHNESS_PERIODS = ['minute', 'hour', 'day'] as const;
const KEYS = ['warn_after', 'error_after', 'filter'];
const HINT =
  'write e.g. freshness: { warn_after: { count: 12, period: hour }, error_after: { count: 1, period: day } }';

export function checkFreshness(v: YamlValidator, value: unknown, path: YamlPath): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value))
    return v.error(path, `freshness must be a mapping, got ${describe(value)}`, HINT);
  v.knownKeys(value, path, KEYS, 'freshness');
  for (const key of ['warn_after', 'error_after']) checkAfter(v, value[key], [...path, key], key);
  if (value['filter'] !== undefined && typeof value['filter'] !== 'string') {
    v.error(
      [...path, 'filter'],
      `freshness filter must be a SQL condition (a string), got ${describe(value['filter'])}`,
    );
  }
}

function checkAfter(v: YamlValidator, rule: unknown, path: YamlPath, what: string): void {
  if (rule === undefined || rule === null) return;
  if (!isPlainObject(rule))
    return v.error(path, `${what} must be a mapping {count, period}, got ${describe(rule)}`, HINT);
  v.knownKeys(rule, path, ['count', 'period'], what);
  const count = rule['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    v.error(
      [...path, 'count'],
      `${what}.count must be a whole number of 1 or more, got ${count === undefined ? 'nothing' : describe(count)}`,
      HINT,
    );
  }
  const period = rule['period'];
  if (typeof period !== 'string' || !(FRESHNESS_PERIODS as readonly string[]).includes(period)) {
    const guess = typeof period === 'string' ? didYouMean(period, FRESHNESS_PERIODS) : '';
    v.error(
      [...path, 'period'],
      `${what}.period must be one of ${FRESHNESS_PERIODS.join(', ')}, got ${period === undefined ? 'nothing' : describe(period)}${guess}`,
      HINT,
    );
  }
}
