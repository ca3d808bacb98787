/**
 * The one schema of project.yml and its targets: every key each mapping may hold, with the kind of
 * value it takes. project-file.ts and targets.ts both check against these tables, so an unknown key
 * is an error with a did-you-mean wherever it is (Forge owns both adapters; dbt's free-form places,
 * `vars` and `+meta`, stay free), and a value of the wrong kind is an error at its line and column.
 */
import { Codes } from '../errors/codes.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { ruleProblem, type SettingRule, type SettingSpec } from './setting-rules.js';
import { MAX_THREADS, threadsCappedMessage } from './threads.js';
import type { TargetType } from './targets.js';
import type { PlainObject, YamlValidator } from './validate.js';
import type { YamlPath } from './yaml-file.js';

type Schema = Readonly<Record<string, SettingSpec>>;

const spec = (rule: SettingRule, extra: Omit<SettingSpec, 'rule'> = {}): SettingSpec => ({ rule, ...extra });
const STRING = spec({ kind: 'string' });
const OWN_PARSER = spec({ kind: 'custom' });

export const PROJECT_SCHEMA: Schema = {
  name: STRING,
  version: spec({ kind: 'text' }),
  vars: spec({ kind: 'mapping' }),
  paths: OWN_PARSER,
  models: OWN_PARSER,
  seeds: OWN_PARSER,
  snapshots: OWN_PARSER,
  tests: OWN_PARSER,
  target: STRING,
  targets: OWN_PARSER,
  generator: OWN_PARSER,
  packages: OWN_PARSER,
};

const FOLDER = spec({ kind: 'folder' }, { hint: 'e.g. models: models (a folder of the project)' });
export const PATHS_SCHEMA: Schema = {
  models: FOLDER,
  seeds: FOLDER,
  macros: FOLDER,
  snapshots: FOLDER,
  ml: FOLDER,
};

export const GENERATOR_SCHEMA: Schema = {
  module: STRING,
  landing: STRING,
  oracle: STRING,
  scale: STRING,
  seed: spec({ kind: 'count', min: 0 }),
};

const THREADS = spec({ kind: 'count', min: 1, cap: MAX_THREADS }, { hint: 'threads: 4 (nodes run at once)' });
const TARGET_COMMON: Schema = {
  type: OWN_PARSER,
  threads: THREADS,
  schema: STRING,
  schema_naming: spec({ kind: 'oneOf', values: ['plain', 'prefixed'] }),
};

const DUCKDB_SIZE = spec(
  { kind: 'size' },
  { code: Codes.warehouseOpen, hint: 'e.g. 12GB, 500MiB; -1 for no limit' },
);
const DUCKDB_TARGET: Schema = {
  ...TARGET_COMMON,
  path: STRING,
  memory_limit: DUCKDB_SIZE,
  max_temp_directory_size: DUCKDB_SIZE,
};

const SECRET = OWN_PARSER; // env references only: targets.ts refuses literals (FRG1005)
const SNOWFLAKE_TARGET: Schema = {
  ...TARGET_COMMON,
  account: STRING,
  user: STRING,
  username: STRING,
  role: STRING,
  warehouse: STRING,
  database: STRING,
  access_url: STRING,
  authenticator: OWN_PARSER,
  query_timeout: OWN_PARSER,
  password: SECRET,
  private_key: SECRET,
  private_key_passphrase: SECRET,
  token: SECRET,
  passcode: SECRET,
  private_key_path: STRING,
  passcode_in_password: spec({ kind: 'boolean' }),
  transient: spec({ kind: 'boolean' }),
  login_retries: spec({ kind: 'count', min: 0 }),
  login_timeout_seconds: spec({ kind: 'count', min: 1 }),
};

export const TARGET_SCHEMAS: Readonly<Record<TargetType, Schema>> = {
  duckdb: DUCKDB_TARGET,
  snowflake: SNOWFLAKE_TARGET,
};

/**
 * Reports unknown keys of `object` (with a did-you-mean) and values that break their rule. Values
 * `skip` accepts (a target's `{ env: … }` references, judged once resolved) are not checked here.
 */
export function checkMapping(
  v: YamlValidator,
  object: PlainObject,
  path: YamlPath,
  schema: Schema,
  what: string,
  skip: (value: unknown) => boolean = () => false,
): void {
  const allowed = Object.keys(schema);
  for (const [key, value] of Object.entries(object)) {
    const setting = schema[key];
    if (setting === undefined) {
      v.error(
        [...path, key],
        `unknown key "${key}" in ${what}${didYouMean(key, allowed)}`,
        `allowed keys: ${allowed.join(', ')}`,
        true,
      );
      continue;
    }
    if (value === undefined || value === null || skip(value)) continue;
    const problem = ruleProblem(setting.rule, value);
    if (problem !== undefined)
      v.error([...path, key], `${what}: ${key} ${problem}`, setting.hint, false, setting.code);
    else warnCapped(v, [...path, key], setting, value, what);
  }
}

function warnCapped(
  v: YamlValidator,
  path: YamlPath,
  setting: SettingSpec,
  value: unknown,
  what: string,
): void {
  if (setting.rule.kind !== 'count' || setting.rule.cap === undefined || typeof value !== 'number') return;
  if (value <= setting.rule.cap) return;
  v.warn(
    path,
    `${what}: ${threadsCappedMessage(String(path.at(-1)), value)}`,
    setting.hint,
    Codes.threadsCapped,
  );
}
