/**
 * Targets: where a project builds. `dev` (the default) is an embedded DuckDB file at
 * `.forge/<project>.duckdb`. Other targets are chosen with `--target`. Secrets (password, private
 * key, passphrase, token) may only be read from environment variables: `password: { env: SNOWFLAKE_PASSWORD }`.
 */
import os from 'node:os';
import path from 'node:path';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { validateQueryTimeout } from './query-timeout.js';
import { checkMapping, TARGET_SCHEMAS } from './project-schema.js';
import { fromEnvText, ruleProblem } from './setting-rules.js';
import { capThreads, DEFAULT_THREADS } from './threads.js';
import { isPlainObject, type YamlValidator } from './validate.js';

export type TargetType = 'duckdb' | 'snowflake';
const TARGET_TYPES: readonly TargetType[] = ['duckdb', 'snowflake'];

const SECRET_KEYS = new Set(['password', 'private_key', 'private_key_passphrase', 'token', 'passcode']);

/**
 * The values a Snowflake target's `authenticator` may take: Snowflake's own names, in any case
 * (adapters/snowflake/snowflake-auth.ts maps each to driver options). Without the key the method is
 * inferred from the credentials the target has.
 */
export const SNOWFLAKE_AUTHENTICATORS = [
  'snowflake_jwt',
  'oauth',
  'programmatic_access_token',
  'username_password_mfa',
  'snowflake',
] as const;
export type SnowflakeAuthenticator = (typeof SNOWFLAKE_AUTHENTICATORS)[number];

export function isSnowflakeAuthenticator(value: string): value is SnowflakeAuthenticator {
  return (SNOWFLAKE_AUTHENTICATORS as readonly string[]).includes(value);
}

/** A target as written: plain values, or `{ env: NAME, default? }` references. */
export type RawTarget = Readonly<Record<string, unknown>>;

export interface Target {
  readonly name: string;
  readonly type: TargetType;
  readonly threads: number;
  /** DuckDB: the catalog name (the file's stem). Snowflake: the database. */
  readonly database: string;
  /** The default schema (DuckDB `main`). */
  readonly schema: string;
  /** How custom schemas are named: `plain` → `gold`; `prefixed` → `<schema>_gold`. */
  readonly schemaNaming: 'plain' | 'prefixed';
  /** DuckDB only: absolute path of the database file. */
  readonly path?: string;
  /** Every other setting, resolved, secrets included: never print this object whole. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Names of the settings that hold secrets (for masking). */
  readonly secretKeys: readonly string[];
}

export function defaultTargets(projectName: string): Record<string, RawTarget> {
  return { dev: { type: 'duckdb', path: `.forge/${projectName}.duckdb` } };
}

/** Checks the shape of targets in project.yml (no env access: that happens in resolveTarget). */
export function validateTargets(value: unknown, v: YamlValidator): Record<string, RawTarget> {
  const targets = v.object(value, ['targets'], 'targets');
  if (targets === undefined) return {};
  const result: Record<string, RawTarget> = {};
  for (const [name, raw] of Object.entries(targets)) {
    const target = v.object(raw, ['targets', name], `target "${name}"`);
    if (target === undefined) continue;
    const type = TARGET_TYPES.find((t) => t === target['type']);
    if (type === undefined)
      v.error(['targets', name, 'type'], `target "${name}" needs a type: ${TARGET_TYPES.join(' or ')}`);
    else checkMapping(v, target, ['targets', name], TARGET_SCHEMAS[type], `target "${name}"`, isEnvReference);
    validateQueryTimeout(target['query_timeout'], ['targets', name, 'query_timeout'], v);
    for (const [key, setting] of Object.entries(target)) {
      // a default is a literal too: only "" (unset, e.g. no passphrase) may stand in for the variable
      if (SECRET_KEYS.has(key) && (!isEnvReference(setting) || (setting.default ?? '') !== '')) {
        v.error(
          ['targets', name, key],
          `"${key}" is a secret and must come from an environment variable`,
          `write "${key}: { env: SNOWFLAKE_${key.toUpperCase()} }"`,
          false,
          Codes.secretLiteral,
        );
      }
    }
    checkAuthenticator(target['authenticator'], name, v);
    result[name] = target;
  }
  return result;
}

/** Where each target's settings are written: problems found once env vars are read point there. */
export type TargetLocations = Readonly<Record<string, Readonly<Record<string, SourceLocation>>>>;

export function locateTargets(value: unknown, v: YamlValidator): TargetLocations {
  const out: Record<string, Record<string, SourceLocation>> = {};
  if (!isPlainObject(value)) return out;
  for (const [name, target] of Object.entries(value)) {
    if (!isPlainObject(target)) continue;
    out[name] = Object.fromEntries(
      Object.keys(target).map((key) => [key, v.yaml.locate(['targets', name, key])]),
    );
  }
  return out;
}

/** A literal `authenticator` must name a method Forge can use (an env reference is checked at login). */
function checkAuthenticator(value: unknown, name: string, v: YamlValidator): void {
  if (value === undefined || isEnvReference(value)) return;
  const given = typeof value === 'string' ? value.toLowerCase() : '';
  if (isSnowflakeAuthenticator(given)) return;
  v.error(
    ['targets', name, 'authenticator'],
    `target "${name}": unknown authenticator ${JSON.stringify(value)}` +
      didYouMean(given, SNOWFLAKE_AUTHENTICATORS),
    `choose one of: ${SNOWFLAKE_AUTHENTICATORS.join(', ')}`,
  );
}

function isEnvReference(value: unknown): value is { env: string; default?: unknown } {
  return isPlainObject(value) && typeof value['env'] === 'string';
}

interface ResolveTargetInput {
  readonly projectDir: string;
  readonly projectName: string;
  readonly targets: Readonly<Record<string, RawTarget>>;
  readonly name: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly file: string;
  /** Where the settings are written (project.yml line and column); else problems name only the file. */
  readonly locations?: TargetLocations;
}

export function resolveTarget(input: ResolveTargetInput): { target?: Target; diagnostics: Diagnostic[] } {
  const raw = input.targets[input.name];
  const at = (key: string): SourceLocation => input.locations?.[input.name]?.[key] ?? { file: input.file };
  if (raw === undefined) {
    const names = Object.keys(input.targets);
    const message = `target "${input.name}" is not defined${didYouMean(input.name, names)}`;
    return {
      diagnostics: [
        diagnostic(Codes.targetUnknown, message, { file: input.file }, `targets: ${names.join(', ')}`),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const settings: Record<string, string | number | boolean> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (SECRET_KEYS.has(key)) secretKeys.push(key);
    const resolved = resolveSetting(value, input.env);
    if (resolved === undefined && isEnvReference(value)) {
      diagnostics.push(
        diagnostic(
          Codes.envVarMissing,
          `target "${input.name}" setting "${key}" reads ` +
            `environment variable ${value.env}, which is not set`,
          at(key),
          `export ${value.env}=…`,
        ),
      );
    } else if (resolved !== undefined) {
      const typed = isEnvReference(value)
        ? checkFromEnv({ ...input, raw, key, variable: value.env, at: at(key) }, resolved, diagnostics)
        : resolved;
      if (typed !== undefined) settings[key] = typed;
    }
  }
  return { target: buildTarget(input, settings, secretKeys), diagnostics };
}

/** A value read from the environment, typed and judged by the key's rule (the literal was judged in project.yml). */
function checkFromEnv(
  setting: { name: string; raw: RawTarget; key: string; variable: string; at: SourceLocation },
  resolved: string | number | boolean,
  diagnostics: Diagnostic[],
): string | number | boolean | undefined {
  const { name, raw, key, variable, at } = setting;
  const type = TARGET_TYPES.find((t) => t === raw['type']) ?? 'duckdb';
  const rule = TARGET_SCHEMAS[type][key];
  if (rule === undefined) return resolved;
  const typed = typeof resolved === 'string' ? fromEnvText(rule.rule, resolved) : resolved;
  const problem = ruleProblem(rule.rule, typed);
  if (problem === undefined) return typed;
  diagnostics.push(
    diagnostic(
      rule.code ?? Codes.projectInvalid,
      `target "${name}": ${key} (from ${variable}) ${problem}`,
      at,
      rule.hint,
    ),
  );
  return undefined;
}

function resolveSetting(
  value: unknown,
  env: ResolveTargetInput['env'],
): string | number | boolean | undefined {
  if (isEnvReference(value)) {
    const fromEnv = env[value.env];
    if (fromEnv !== undefined) return fromEnv;
    const fallback = value.default;
    return typeof fallback === 'string' || typeof fallback === 'number' ? fallback : undefined;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

function buildTarget(
  input: ResolveTargetInput,
  settings: Record<string, string | number | boolean>,
  secretKeys: string[],
): Target {
  const type = (settings['type'] as TargetType | undefined) ?? 'duckdb';
  const threads = typeof settings['threads'] === 'number' ? capThreads(settings['threads']) : DEFAULT_THREADS;
  const naming =
    settings['schema_naming'] === 'prefixed' || settings['schema_naming'] === 'plain'
      ? settings['schema_naming']
      : type === 'duckdb'
        ? 'plain'
        : 'prefixed';
  if (type === 'duckdb') {
    const file = String(settings['path'] ?? `.forge/${input.projectName}.duckdb`);
    const absolute = path.resolve(input.projectDir, file);
    const database = path.basename(absolute).replace(/\.[^.]*$/, '');
    return {
      name: input.name,
      type,
      threads,
      database,
      schema: String(settings['schema'] ?? 'main'),
      schemaNaming: naming,
      path: absolute,
      settings,
      secretKeys,
    };
  }
  const keyPath = settings['private_key_path'];
  // the driver reads the key file relative to the process's directory; a project's path is relative to the project
  if (typeof keyPath === 'string' && keyPath !== '') {
    settings['private_key_path'] = path.resolve(
      input.projectDir,
      keyPath.replace(/^~(?=$|\/)/, os.homedir()),
    );
  }
  return {
    name: input.name,
    type,
    threads,
    database: String(settings['database'] ?? ''),
    schema: String(settings['schema'] ?? 'PUBLIC'),
    schemaNaming: naming,
    settings,
    secretKeys,
  };
}

/** The target's settings with every secret replaced by `****`: safe to print. */
export function maskedSettings(target: Target): Record<string, string | number | boolean> {
  const masked: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(target.settings)) {
    masked[key] = target.secretKeys.includes(key) ? '****' : value;
  }
  return masked;
}
