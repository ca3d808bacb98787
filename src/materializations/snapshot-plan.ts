/**
 * SCD type 2 snapshots. Each row version carries `valid_from`, `valid_to` (null while current),
 * `is_current` and `forge_scd_id`. Strategies: `timestamp` (a newer `updated_at` is a new version,
 * valid from that timestamp) and `check` (any of `check_cols` changed, valid from the run's time).
 * `hard_deletes`: `ignore` (default) keeps deleted keys current; `invalidate` closes them.
 */
import type { SnapshotConfig } from '../core/materialization.js';
import type { Relation } from '../core/relation.js';
import type { Dialect } from '../adapters/adapter.js';
import { BESIDE_SUFFIXES, besideRelation, type BuildOptions, type Plan } from './relation-plan.js';

const SNAPSHOT_COLUMNS = ['valid_from', 'valid_to', 'is_current', 'forge_scd_id'];

function validFrom(config: SnapshotConfig, alias: string, now: string): string {
  return config.strategy === 'timestamp' && config.updatedAt
    ? `cast(${alias}.${config.updatedAt} as timestamp)`
    : now;
}

function versionColumns(config: SnapshotConfig, alias: string, now: string): string {
  const from = validFrom(config, alias, now);
  const key = config.uniqueKey.map((k) => `cast(${alias}.${k} as varchar)`).join(" || '|' || ");
  return `${from} as valid_from, cast(null as timestamp) as valid_to, true as is_current, md5(${key} || '|' || cast(${from} as varchar)) as forge_scd_id`;
}

export function snapshotStaging(target: Relation): Relation {
  return besideRelation(target, BESIDE_SUFFIXES.snapshot);
}

/** The first build of a snapshot; the node's declared grants follow the swap. */
export function planSnapshotCreate(
  dialect: Dialect,
  target: Relation,
  sql: string,
  config: SnapshotConfig,
  now: Date,
  options: BuildOptions = {},
): Plan {
  const beside = besideRelation(target);
  const select = `select forge_src.*, ${versionColumns(config, 'forge_src', dialect.timestamp(now))}\nfrom (\n${sql}\n) as forge_src`;
  const swapped = dialect.swapIn(beside, target, undefined);
  return {
    prepare: [dialect.createSchema(target), dialect.createTableAs(beside, select)],
    swap: [...swapped.swap, ...dialect.grants(target, 'table', options.grants ?? {})],
    cleanup: swapped.cleanup,
  };
}

/** Statements for a later run: the staged source rows are in snapshotStaging(target). */
export function planSnapshotUpdate(
  dialect: Dialect,
  target: Relation,
  sourceColumns: readonly string[],
  config: SnapshotConfig,
  now: Date,
): Plan {
  const t = dialect.relation(target);
  const s = dialect.relation(snapshotStaging(target));
  const ts = dialect.timestamp(now);
  const sameKey = config.uniqueKey.map((k) => `forge_t.${k} is not distinct from forge_s.${k}`).join(' and ');
  const changed =
    config.strategy === 'timestamp' && config.updatedAt
      ? `cast(forge_s.${config.updatedAt} as timestamp) > forge_t.valid_from`
      : (config.checkCols === 'all' ? sourceColumns : config.checkCols)
          .map((c) => `forge_t.${c} is distinct from forge_s.${c}`)
          .join(' or ');
  const swap: string[] = [];
  if (config.hardDeletes === 'invalidate') {
    swap.push(
      `update ${t} as forge_t set valid_to = ${ts}, is_current = false\nwhere forge_t.is_current and not exists (select 1 from ${s} as forge_s where ${sameKey})`,
    );
  }
  swap.push(
    `update ${t} as forge_t set valid_to = ${validFrom(config, 'forge_s', ts)}, is_current = false\nfrom ${s} as forge_s\nwhere forge_t.is_current and ${sameKey} and (${changed || 'false'})`,
  );
  const list = [...sourceColumns, ...SNAPSHOT_COLUMNS].join(', ');
  swap.push(
    `insert into ${t} (${list})\nselect forge_s.*, ${versionColumns(config, 'forge_s', ts)}\nfrom ${s} as forge_s\n` +
      `where not exists (select 1 from ${t} as forge_t where forge_t.is_current and ${sameKey})`,
  );
  return { prepare: [], swap, cleanup: [dialect.drop(snapshotStaging(target), 'table')] };
}
