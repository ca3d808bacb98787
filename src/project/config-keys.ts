/**
 * The known config keys, each with its validator. The same rules apply wherever config is written:
 * project.yml folder config (`+materialized: table`), YAML properties (`config:`), and the model's
 * own `{{config …}}` call. Unknown keys are warnings (with a did-you-mean), so adapters can add keys
 * without breaking older projects.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import { asList } from '../core/config.js';
import { closestMatch } from '../errors/did-you-mean.js';
import { parseLookback } from '../core/lookback.js';
import { IDENTIFIER_HINT, invalidIdentifierMessage, isPlainIdentifier } from '../core/identifier.js';
import { Codes, type Code } from '../errors/codes.js';

type Check = (value: ConfigValue) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const isNumber: Check = (v) => (typeof v === 'number' ? undefined : 'must be a number');
const isObject: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be a mapping';
const isStringOrList: Check = (v) =>
  asList(v).every((x) => typeof x === 'string') ? undefined : 'must be a string or a list of strings';
/** A test threshold as dbt writes it: a comparison with a number (`">10"`, `"!= 0"`, `"<=5"`). */
export const THRESHOLD_CONDITION = /^\s*(==|=|!=|<>|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const isCondition: Check = (v) =>
  typeof v === 'string' && THRESHOLD_CONDITION.test(v)
    ? undefined
    : 'must be a comparison with a number, like ">10", ">= 5" or "!=0"';
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}`;

const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'dynamic_table', 'snapshot'] as const;

const CHECKS: Readonly<Record<string, Check>> = {
  enabled: isBoolean,
  materialized: oneOf(...MATERIALIZATIONS),
  schema: isString,
  database: isString,
  alias: isString,
  tags: isStringOrList,
  meta: isObject,
  docs: isObject,
  unique_key: isStringOrList,
  incremental_strategy: oneOf('append', 'merge', 'delete+insert', 'microbatch'),
  on_schema_change: oneOf('ignore', 'append_new_columns', 'sync_all_columns', 'fail'),
  full_refresh: isBoolean,
  watermark: isString,
  lookback: (v) =>
    parseLookback(v)
      ? undefined
      : 'must be a number (days; batches for microbatch), an interval like "3 days" or "6 hours", or "none"',
  event_time: isString,
  batch_size: oneOf('hour', 'day', 'month', 'year'),
  begin: isString,
  pre_hook: isStringOrList,
  post_hook: isStringOrList,
  contract: isObject,
  persist_docs: isObject,
  grants: isObject,
  column_types: isObject,
  quote_columns: isBoolean,
  delimiter: isString,
  strategy: oneOf('timestamp', 'check'),
  updated_at: isString,
  check_cols: isStringOrList,
  hard_deletes: oneOf('ignore', 'invalidate', 'new_record'),
  severity: oneOf('error', 'warn', 'ERROR', 'WARN'),
  warn_if: isCondition,
  error_if: isCondition,
  where: isString,
  limit: isNumber,
  store_failures: isBoolean,
  target_lag: isString,
  snowflake_warehouse: isString,
  refresh_mode: oneOf('AUTO', 'FULL', 'INCREMENTAL', 'auto', 'full', 'incremental'),
  initialize: oneOf('ON_CREATE', 'ON_SCHEDULE', 'on_create', 'on_schedule'),
  on_configuration_change: oneOf('apply', 'continue', 'fail'),
  transient: isBoolean,
  cluster_by: isStringOrList,
  query_tag: isString,
  copy_grants: isBoolean,
  reuse_unchanged: isBoolean,
};

/** Keys written with a dash in dbt projects, stored with an underscore. */
const ALIASES: Readonly<Record<string, string>> = { 'pre-hook': 'pre_hook', 'post-hook': 'post_hook' };

/** Keys normalised to a list of strings whatever way they were written. */
const LIST_KEYS = new Set(['tags', 'unique_key', 'pre_hook', 'post_hook', 'check_cols', 'cluster_by']);

interface ConfigProblem {
  readonly key: string;
  readonly message: string;
  readonly hint?: string;
  readonly severity: 'error' | 'warn';
  /** A code of its own (the caller's code otherwise). */
  readonly code?: Code;
}

/** Keys whose values Forge writes into DDL as names. */
const IDENTIFIER_KEYS = new Set(['schema', 'database', 'alias', 'snowflake_warehouse']);

/** A privilege as GRANT takes it: `select`, `insert`, `references`, `all privileges`. */
const PRIVILEGE = /^[A-Za-z]+( [A-Za-z]+)*$/;

/** The first name in a config value that would not stay one name in DDL: a name key's value, or a grant's privilege or role. */
function badName(key: string, value: ConfigValue): { what: string; name: string } | undefined {
  if (IDENTIFIER_KEYS.has(key))
    return typeof value === 'string' && value !== '' && !isPlainIdentifier(value)
      ? { what: key, name: value }
      : undefined;
  if (key !== 'grants' || typeof value !== 'object' || value === null || Array.isArray(value))
    return undefined;
  for (const [privilege, roles] of Object.entries(value)) {
    if (!PRIVILEGE.test(privilege)) return { what: 'grants privilege', name: privilege };
    const role = asList(roles)
      .map(String)
      .find((r) => !isPlainIdentifier(r));
    if (role !== undefined) return { what: `grants ${privilege} role`, name: role };
  }
  return undefined;
}

function identifierProblem(key: string, value: ConfigValue): ConfigProblem | undefined {
  const bad = badName(key, value);
  return (
    bad && {
      key,
      message: invalidIdentifierMessage(bad.what, bad.name),
      hint: IDENTIFIER_HINT,
      severity: 'error',
      code: Codes.identifierInvalid,
    }
  );
}

/** Validates and normalises one config layer; problems are returned, never thrown. */
export function normalizeConfig(raw: Readonly<Record<string, ConfigValue>>): {
  config: NodeConfig;
  problems: ConfigProblem[];
} {
  const config: Record<string, ConfigValue> = {};
  const problems: ConfigProblem[] = [];
  for (const [written, value] of Object.entries(raw)) {
    const key = ALIASES[written] ?? written;
    const check = CHECKS[key];
    if (check === undefined) {
      const guess = closestMatch(key, Object.keys(CHECKS));
      problems.push({
        key: written,
        message: `unknown config "${written}"${guess ? ` — did you mean "${guess}"?` : ''}`,
        hint: 'unknown configs are kept (adapters may use them) but nothing in Forge reads them',
        severity: 'warn',
      });
      config[key] = value;
      continue;
    }
    const failure = value === null ? undefined : check(value);
    if (failure !== undefined) {
      problems.push({ key: written, message: `config "${written}" ${failure}`, severity: 'error' });
      continue;
    }
    const badName = value === null ? undefined : identifierProblem(key, value);
    if (badName !== undefined) {
      problems.push({ ...badName, key: written });
      continue;
    }
    config[key] = LIST_KEYS.has(key) ? asList(value) : value;
  }
  return { config, problems };
}

export function isConfigKey(key: string): boolean {
  return key in CHECKS || key in ALIASES;
}
