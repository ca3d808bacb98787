/**
 * Snowflake dynamic tables that notice edits (dbt-adapters#725: dbt's ignore SQL changes). The
 * SELECT's checksum is kept in the table's comment; comparing it and the shown config with the
 * model decides, purely:
 *   - no dynamic table yet (or a plain table/view of that name) → create (dropping the other object);
 *   - the SELECT changed, or refresh_mode / initialize changed (Snowflake cannot alter those) →
 *     replace, if `on_configuration_change` allows (apply; continue warns and keeps it; fail fails);
 *   - only target_lag / warehouse changed → `ALTER DYNAMIC TABLE … SET`, under the same rule;
 *   - nothing changed → no statement at all.
 * A table created with `initialize = ON_SCHEDULE` is refreshed once so its tests see data.
 */
import { createHash } from 'node:crypto';
import type { DynamicTableConfig } from '../core/materialization.js';
import type { DynamicTableSql } from '../core/object-sql.js';
import type { Relation } from '../core/relation.js';

/** What SHOW DYNAMIC TABLES says of the existing one (`other` when a plain table or view holds the name). */
export type DynamicTableState =
  | {
      readonly kind: 'dynamic';
      readonly targetLag: string;
      readonly warehouse: string;
      readonly refreshMode: string;
      readonly comment: string;
    }
  | { readonly kind: 'table' | 'view' };

type DynamicTablePlan =
  | {
      readonly action: 'create' | 'replace' | 'alter';
      readonly statements: readonly string[];
      readonly why: string;
    }
  | { readonly action: 'unchanged' | 'kept'; readonly statements: readonly []; readonly why: string }
  | { readonly action: 'fail'; readonly statements: readonly []; readonly why: string };

export function definitionComment(sql: string, config: DynamicTableConfig): string {
  const sha = createHash('sha256').update(sql.trim()).digest('hex').slice(0, 16);
  return `forge:sha=${sha};refresh_mode=${config.refreshMode};initialize=${config.initialize}`;
}

const norm = (text: string): string => text.trim().toUpperCase().replace(/\s+/g, ' ');

export function planDynamicTable(
  ddl: DynamicTableSql,
  relation: Relation,
  sql: string,
  config: DynamicTableConfig,
  existing: DynamicTableState | undefined,
): DynamicTablePlan {
  const comment = definitionComment(sql, config);
  const create = [
    ddl.create(relation, sql, config, comment),
    ...(config.initialize === 'ON_SCHEDULE' ? [ddl.refresh(relation)] : []),
  ];
  if (!existing) return { action: 'create', statements: create, why: 'new dynamic table' };
  if (existing.kind !== 'dynamic')
    return {
      action: 'create',
      statements: [ddl.drop(relation, existing.kind), ...create],
      why: `replacing a ${existing.kind} of that name`,
    };
  const gate = (action: 'replace' | 'alter', statements: string[], why: string): DynamicTablePlan => {
    if (config.onChange === 'apply') return { action, statements, why };
    if (config.onChange === 'continue')
      return {
        action: 'kept',
        statements: [],
        why: `${why}; on_configuration_change is "continue": left as it is`,
      };
    return { action: 'fail', statements: [], why: `${why}, and on_configuration_change is "fail"` };
  };
  if (existing.comment !== comment) {
    const sqlChanged = !existing.comment.startsWith(comment.split(';')[0] ?? '');
    return gate('replace', create, sqlChanged ? 'its SELECT changed' : 'refresh_mode or initialize changed');
  }
  const changes = {
    ...(norm(existing.targetLag) !== norm(config.targetLag) ? { targetLag: config.targetLag } : {}),
    ...(norm(existing.warehouse) !== norm(config.warehouse) ? { warehouse: config.warehouse } : {}),
  };
  if (Object.keys(changes).length === 0) return { action: 'unchanged', statements: [], why: 'unchanged' };
  return gate(
    'alter',
    [ddl.set(relation, changes)],
    `${Object.keys(changes)
      .map((k) => (k === 'targetLag' ? 'target_lag' : k))
      .join(' and ')} changed`,
  );
}
