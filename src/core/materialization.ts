/**
 * How a model is built, decided once at parse time (parser/decode-materialization.ts) from its
 * `materialized` config and the keys that go with it, and checked against the target's dialect
 * there. Everything after parse switches on `kind`; nothing reads the config strings again.
 */
import type { ConfigValue } from './config.js';
import type { ForgeNode, ModelNode } from './nodes.js';

export type Strategy = 'append' | 'merge' | 'delete+insert';
export type OnSchemaChange = 'ignore' | 'append_new_columns' | 'sync_all_columns' | 'fail';
export type BatchSize = 'hour' | 'day' | 'month' | 'year';

export interface IncrementalConfig {
  readonly strategy: Strategy;
  readonly uniqueKey: readonly string[];
  readonly watermark?: string;
  /** An interval like `3 days`: rows this far behind the newest already loaded are read again. */
  readonly lookback?: string;
  readonly onSchemaChange: OnSchemaChange;
}

export interface MicrobatchConfig {
  readonly eventTime: string;
  readonly batchSize: BatchSize;
  /** An ISO date or timestamp: the first window. */
  readonly begin: string;
  /** The `lookback` config as written (windows, an interval or `none`; default one window). */
  readonly lookback?: ConfigValue;
}

export interface SnapshotConfig {
  readonly uniqueKey: readonly string[];
  readonly strategy: 'timestamp' | 'check';
  readonly updatedAt?: string;
  /** `all` or a list of columns. */
  readonly checkCols: readonly string[] | 'all';
  readonly hardDeletes: 'ignore' | 'invalidate';
}

export interface DynamicTableConfig {
  readonly targetLag: string;
  readonly warehouse: string;
  readonly refreshMode: 'AUTO' | 'FULL' | 'INCREMENTAL';
  readonly initialize: 'ON_CREATE' | 'ON_SCHEDULE';
  readonly onChange: 'apply' | 'continue' | 'fail';
}

/** What each kind carries beside its `kind`. */
interface KindSettings {
  readonly view: Record<never, never>;
  readonly table: Record<never, never>;
  readonly ephemeral: Record<never, never>;
  readonly incremental: { readonly config: IncrementalConfig };
  readonly microbatch: { readonly config: MicrobatchConfig };
  readonly snapshot: { readonly config: SnapshotConfig };
  /** `native` absent: the target has no dynamic tables and builds a table, refreshed by each build (DuckDB). */
  readonly dynamic_table: { readonly native?: DynamicTableConfig };
}

export type MaterializationKind = keyof KindSettings;

/** The materialization of one kind. */
export type MaterializationOf<K extends MaterializationKind> = { readonly kind: K } & KindSettings[K];

export type Materialization = { [K in MaterializationKind]: MaterializationOf<K> }[MaterializationKind];

/** How a kind takes part in reusing unchanged work (execute/generations.ts). */
interface ReuseRules {
  /** Its content follows from its inputs alone (a view, an ephemeral model, a dynamic table: refreshed by Snowflake, rebuilt by DuckDB). */
  readonly derived: boolean;
  /** A small table rebuilt whole is named by a digest of its rows. */
  readonly digestsSmallTable: boolean;
}

const REUSE: { readonly [K in MaterializationKind]: ReuseRules } = {
  view: { derived: true, digestsSmallTable: false },
  ephemeral: { derived: true, digestsSmallTable: false },
  dynamic_table: { derived: true, digestsSmallTable: false },
  table: { derived: false, digestsSmallTable: true },
  incremental: { derived: false, digestsSmallTable: false },
  microbatch: { derived: false, digestsSmallTable: false },
  snapshot: { derived: false, digestsSmallTable: false },
};

export function reuseRules(materialization: Materialization): ReuseRules {
  return REUSE[materialization.kind];
}

/** The unique key a model merges on (incremental merge or delete+insert); empty for anything else. */
export function mergeKeyOf(materialization: Materialization): readonly string[] {
  if (materialization.kind !== 'incremental') return [];
  const { strategy, uniqueKey } = materialization.config;
  return strategy === 'merge' || strategy === 'delete+insert' ? uniqueKey : [];
}

/** Whether a node is a model built as `kind`. */
export function isModelOf(node: ForgeNode | undefined, kind: MaterializationKind): node is ModelNode {
  return node?.resourceType === 'model' && node.materialization.kind === kind;
}

/**
 * What the warehouse holds for a model of this materialization: a dynamic table on a target without
 * them (DuckDB) is a table rebuilt by each build; a microbatch or incremental model is a table.
 */
export function builtAs(materialization: Materialization): 'view' | 'table' | 'dynamic table' | 'none' {
  switch (materialization.kind) {
    case 'view':
      return 'view';
    case 'ephemeral':
      return 'none';
    case 'dynamic_table':
      return materialization.native ? 'dynamic table' : 'table';
    default:
      return 'table';
  }
}
