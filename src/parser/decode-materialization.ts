/**
 * A model's `materialized` config and the keys that go with it, decoded once into a
 * `Materialization` (core/materialization.ts) and checked against the target's dialect: a config a
 * build could not run (a microbatch model without event_time, a snapshot without unique_key, a
 * dynamic table with no warehouse to refresh on) is an FRG1207 at parse time, in its file.
 * The values arrive validated (project/config-keys.ts); an invalid one was dropped and reported there.
 */
import { configString, configStrings, type NodeConfig } from '../core/config.js';
import { parseLookback } from '../core/lookback.js';
import type {
  BatchSize,
  DynamicTableConfig,
  IncrementalConfig,
  Materialization,
  MicrobatchConfig,
  OnSchemaChange,
  SnapshotConfig,
  Strategy,
} from '../core/materialization.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Target } from '../project/targets.js';
import { dialectFor } from '../adapters/dialects.js';

interface DecodeInput {
  readonly name: string;
  readonly file: string;
  readonly config: NodeConfig;
  readonly target: Target;
}

interface Decoded {
  readonly materialization: Materialization;
  readonly diagnostics: readonly Diagnostic[];
}

type Problem = { readonly message: string; readonly hint?: string };
type Outcome = Materialization | { readonly problem: Problem };

const STRATEGIES: readonly Strategy[] = ['append', 'merge', 'delete+insert'];
const SCHEMA_CHANGES: readonly OnSchemaChange[] = [
  'ignore',
  'append_new_columns',
  'sync_all_columns',
  'fail',
];
const BATCH_SIZES: readonly BatchSize[] = ['hour', 'day', 'month', 'year'];
const REFRESH_MODES: readonly DynamicTableConfig['refreshMode'][] = ['AUTO', 'FULL', 'INCREMENTAL'];
const INITIALIZES: readonly DynamicTableConfig['initialize'][] = ['ON_CREATE', 'ON_SCHEDULE'];
const CONFIG_CHANGES: readonly DynamicTableConfig['onChange'][] = ['apply', 'continue', 'fail'];

/** The value when it is one of `allowed`, else the fallback. */
function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/** Decodes a model's materialization; a problem is an error diagnostic (the node is kept, as a table, for whatever else parse reports). */
export function decodeMaterialization(input: DecodeInput): Decoded {
  const decoded = decodeKind(input);
  if (!('problem' in decoded)) return { materialization: decoded, diagnostics: [] };
  const { message, hint } = decoded.problem;
  return {
    materialization: { kind: 'table' },
    diagnostics: [diagnostic(Codes.configInvalid, message, { file: input.file }, hint)],
  };
}

function decodeKind(input: DecodeInput): Outcome {
  const { config } = input;
  const materialized = configString(config, 'materialized') ?? 'view';
  switch (materialized) {
    case 'table':
      return { kind: 'table' };
    case 'ephemeral':
      return { kind: 'ephemeral' };
    case 'incremental':
      return configString(config, 'incremental_strategy') === 'microbatch'
        ? decodeMicrobatch(input)
        : { kind: 'incremental', config: incrementalConfig(config) };
    case 'snapshot':
      return decodeSnapshot(input);
    case 'dynamic_table':
      return decodeDynamic(input);
    // 'view', and anything config-keys.ts already reported
    default:
      return { kind: 'view' };
  }
}

/** The incremental settings: merge when a unique key is given, append otherwise; schema changes ignored. */
function incrementalConfig(config: NodeConfig): IncrementalConfig {
  const uniqueKey = configStrings(config, 'unique_key');
  const lookback = parseLookback(config['lookback']);
  const watermark = configString(config, 'watermark');
  return {
    strategy: pick(
      configString(config, 'incremental_strategy'),
      STRATEGIES,
      uniqueKey.length > 0 ? 'merge' : 'append',
    ),
    uniqueKey,
    ...(watermark ? { watermark } : {}),
    ...(lookback?.kind === 'number'
      ? { lookback: `${lookback.value} days` }
      : lookback?.kind === 'interval'
        ? { lookback: lookback.text }
        : {}),
    onSchemaChange: pick(configString(config, 'on_schema_change'), SCHEMA_CHANGES, 'ignore'),
  };
}

function decodeMicrobatch({ name, config }: DecodeInput): Outcome {
  const eventTime = configString(config, 'event_time');
  const begin = configString(config, 'begin');
  if (!eventTime || !begin) {
    return {
      problem: {
        message: `microbatch model ${name} needs event_time and begin`,
        hint: 'e.g. {{config materialized="incremental" incremental_strategy="microbatch" event_time="ordered_at" batch_size="day" begin="2026-01-01"}}',
      },
    };
  }
  const lookback = config['lookback'];
  const batching: MicrobatchConfig = {
    eventTime,
    begin,
    batchSize: pick(configString(config, 'batch_size'), BATCH_SIZES, 'day'),
    ...(lookback !== undefined ? { lookback } : {}),
  };
  return { kind: 'microbatch', config: batching };
}

function decodeSnapshot({ name, config }: DecodeInput): Outcome {
  const uniqueKey = configStrings(config, 'unique_key');
  const strategy = configString(config, 'strategy') === 'check' ? 'check' : 'timestamp';
  const updatedAt = configString(config, 'updated_at');
  const checkCols = configStrings(config, 'check_cols');
  if (uniqueKey.length === 0) return { problem: { message: `snapshot ${name} needs a unique_key` } };
  if (strategy === 'timestamp' && !updatedAt) {
    return {
      problem: {
        message: `snapshot ${name} uses the timestamp strategy and needs updated_at`,
        hint: 'set updated_at="column", or strategy="check" with check_cols',
      },
    };
  }
  const snapshot: SnapshotConfig = {
    uniqueKey,
    strategy,
    ...(updatedAt ? { updatedAt } : {}),
    checkCols: checkCols.length === 0 || checkCols[0] === 'all' ? 'all' : checkCols,
    hardDeletes: configString(config, 'hard_deletes') === 'invalidate' ? 'invalidate' : 'ignore',
  };
  return { kind: 'snapshot', config: snapshot };
}

const nativeDynamicTables = new WeakMap<Target, boolean>();

/** Whether the target's dialect builds dynamic tables (once per target: a dialect is built for the answer). */
function hasDynamicTables(target: Target): boolean {
  let known = nativeDynamicTables.get(target);
  if (known === undefined)
    nativeDynamicTables.set(target, (known = dialectFor(target).dynamicTable !== undefined));
  return known;
}

/** A dynamic table where the dialect has them; elsewhere a table rebuilt by each build (recorded: no `native`). */
function decodeDynamic({ name, config, target }: DecodeInput): Outcome {
  if (!hasDynamicTables(target)) return { kind: 'dynamic_table' };
  const setting = target.settings['warehouse'];
  const warehouse =
    configString(config, 'snowflake_warehouse') ?? (typeof setting === 'string' ? setting : undefined);
  if (!warehouse)
    return {
      problem: {
        message: `dynamic table ${name} needs a warehouse to refresh on`,
        hint: 'set snowflake_warehouse in its config, or warehouse in the target',
      },
    };
  return {
    kind: 'dynamic_table',
    native: {
      targetLag: configString(config, 'target_lag') ?? '1 hour',
      warehouse,
      refreshMode: pick(
        (configString(config, 'refresh_mode') ?? 'AUTO').toUpperCase(),
        REFRESH_MODES,
        'AUTO',
      ),
      initialize: pick(
        (configString(config, 'initialize') ?? 'ON_CREATE').toUpperCase(),
        INITIALIZES,
        'ON_CREATE',
      ),
      onChange: pick(configString(config, 'on_configuration_change'), CONFIG_CHANGES, 'apply'),
    },
  };
}
