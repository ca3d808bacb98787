/**
 * Snowflake SQL text. Pure. Relations are always `database.schema.name`. Tables are transient unless
 * the node says `transient: false` (the caller passes that in the relation's config); DDL commits at
 * once on Snowflake, so a table is built beside the live one and put in place by one atomic
 * `ALTER TABLE … SWAP WITH`. Landed files load through the user stage (PUT, then COPY INTO), not `readFiles`.
 * Schemas, columns, INSERT (by position) and transactions are the standard statements (base-dialect.ts).
 */
import { relationName, type Relation } from '../../core/relation.js';
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Dialect, RelationKind, TableOptions } from '../adapter.js';
import { defineDialect } from '../base-dialect.js';
import { snowflakeCreateFunction } from './snowflake-udf.js';

const UNITS: Readonly<Record<string, string>> = {
  second: 'second',
  seconds: 'second',
  minute: 'minute',
  minutes: 'minute',
  hour: 'hour',
  hours: 'hour',
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
};

/** `3 days` → `dateadd(day, -3, expr)`. */
function subtract(expr: string, interval: string): string {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/i.exec(interval);
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || !unit)
    throw ForgeError.of(
      Codes.configInvalid,
      `cannot read the interval "${interval}"`,
      undefined,
      'write it like "3 days" or "12 hours"',
    );
  return `dateadd(${unit}, -${match[1]}, ${expr})`;
}

/** Each kind of relation as DDL names it. */
const OBJECT: Readonly<Record<RelationKind, string>> = {
  table: 'table',
  view: 'view',
  dynamic_table: 'dynamic table',
};

/** COPY INTO's FILES list takes at most 1,000 names (Snowflake's documented limit): more load in several statements. */
const COPY_FILES_LIMIT = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

interface SnowflakeDialectOptions {
  /** Tables are TRANSIENT (no fail-safe storage cost) unless this is false. */
  readonly transient?: boolean;
}

export function snowflakeDialect(options: SnowflakeDialectOptions = {}): Dialect {
  const rel = (relation: Relation): string => relationName(relation);
  const kind = options.transient === false ? 'table' : 'transient table';
  /** The table kind a statement creates: temporary, the node's own `transient`, else the target's default. */
  const tableKind = (table: TableOptions = {}, temporary = false): string =>
    temporary
      ? 'temporary table'
      : table.transient === undefined
        ? kind
        : table.transient
          ? 'transient table'
          : 'table';
  const cluster = (table: TableOptions = {}): string =>
    table.clusterBy && table.clusterBy.length > 0 ? ` cluster by (${table.clusterBy.join(', ')})` : '';
  return defineDialect({
    type: 'snowflake',
    capabilities: { transactionalDdl: false, merge: true, localFiles: false },
    relation: rel,
    createTableAs: (relation, sql, temporary = false, table = {}) =>
      `create or replace ${tableKind(table, temporary)} ${rel(relation)}${cluster(table)}${table.copyGrants ? ' copy grants' : ''} as\n${sql}`,
    grants: (relation, what, grants) =>
      Object.entries(grants).flatMap(([privilege, roles]) =>
        roles.map((role) => `grant ${privilege} on ${what} ${rel(relation)} to role ${role}`),
      ),
    showGrants: (relation, what) => `show grants on ${what} ${rel(relation)}`,
    createEmptyTable: (relation, columns, temporary = false, table = {}) =>
      `create or replace ${tableKind(table, temporary)} ${rel(relation)} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})${cluster(table)}`,
    createView: (relation, sql) => `create or replace view ${rel(relation)} copy grants as\n${sql}`,
    drop: (relation, what) => `drop ${OBJECT[what]} if exists ${rel(relation)}`,
    swapIn: (beside, live, existing) => {
      // SWAP WITH is atomic; grants go with the objects (the live name gets the new table's, none: the caller grants again), the old data ends up beside, then goes
      if (existing === 'table')
        return {
          swap: [`alter table ${rel(beside)} swap with ${rel(live)}`],
          cleanup: [`drop table if exists ${rel(beside)}`],
        };
      // a view or a dynamic table cannot be swapped with a table: it goes, then the table takes the name
      return {
        swap: [
          ...(existing ? [`drop ${OBJECT[existing]} if exists ${rel(live)}`] : []),
          `alter table ${rel(beside)} rename to ${rel(live)}`,
        ],
        cleanup: [],
      };
    },
    subtractInterval: subtract,
    timestamp: (value) => `'${value.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp_ntz`,
    hoursAgo: (hours) => `dateadd(hour, -${Number(hours)}, current_timestamp()::timestamp_ntz)`,
    readFiles: () => {
      throw ForgeError.of(
        Codes.capability,
        'Snowflake cannot read files on this machine: they load through a stage (dialect.stage)',
      );
    },
    contentDigest: (select) =>
      `select count(*)::varchar || ':' || coalesce(hash_agg(*)::varchar, '0') as digest\nfrom (\n${select}\n) as forge_rows`,
    hashBucket: (expressions, buckets) => `(abs(hash(${expressions.join(', ')})) % ${buckets})`,
    createFunction: (fn, params, body) => snowflakeCreateFunction(rel(fn), params, body),
    // SHOW_INITIAL_ROWS: the first build reads the rows the table already holds (a new stream is otherwise empty)
    createStream: (stream, table, appendOnly, replace = false) =>
      `create ${replace ? 'or replace stream' : 'stream if not exists'} ${rel(stream)} on table ${rel(table)}${appendOnly ? ' append_only = true' : ''} show_initial_rows = true`,
    showStream: (stream) =>
      `show streams like '${stream.identifier.replace(/'/g, "''")}' in schema ${stream.database}.${stream.schema}`,
    cloneTable: (to, from, table = {}) =>
      `create or replace ${tableKind(table)} ${rel(to)} clone ${rel(from)}${table.copyGrants ? ' copy grants' : ''}`,
    dynamicTable: {
      create: (relation, sql, config, comment) =>
        `create or replace dynamic table ${rel(relation)}\n` +
        `target_lag = '${config.targetLag.replace(/'/g, "''")}' warehouse = ${config.warehouse} refresh_mode = ${config.refreshMode} initialize = ${config.initialize}\n` +
        `comment = '${comment}'\nas\n${sql}`,
      set: (relation, changes) =>
        `alter dynamic table ${rel(relation)} set${changes.targetLag ? ` target_lag = '${changes.targetLag.replace(/'/g, "''")}'` : ''}` +
        `${changes.warehouse ? ` warehouse = ${changes.warehouse}` : ''}`,
      refresh: (relation) => `alter dynamic table ${rel(relation)} refresh`,
      show: (relation) =>
        `show dynamic tables like '${relation.identifier.replace(/'/g, "''")}' in schema ${relation.database}.${relation.schema}`,
      drop: (relation, what) => `drop ${what} if exists ${rel(relation)}`,
    },
    tasks: {
      create: (schema, task, comment) =>
        [
          `create or replace task ${schema}.${task.name}`,
          `warehouse = ${task.warehouse}`,
          ...(task.schedule ? [`schedule = '${task.schedule}'`] : []),
          // a session parameter of the task's runs: bodies read the clock in UTC, as Forge's own sessions do
          "timezone = 'UTC'",
          // CREATE TASK's documented order: … session parameters, COMMENT, then AFTER, then WHEN, then AS
          `comment = '${comment}'`,
          ...(task.after.length > 0 ? [`after ${task.after.map((a) => `${schema}.${a}`).join(', ')}`] : []),
          ...(task.when ? [`when ${task.when}`] : []),
          'as',
          task.body,
        ].join('\n'),
      drop: (schema, name) => `drop task if exists ${schema}.${name}`,
      suspend: (schema, name) => `alter task if exists ${schema}.${name} suspend`,
      enableGraph: (schema, root) => `select system$task_dependents_enable('${schema}.${root}')`,
      show: (schema, prefix) => `show tasks like '${prefix}%' in schema ${schema}`,
      history: (schema, prefix, limit) =>
        `select name, state, scheduled_time, completed_time, error_message\n` +
        `from table(${schema.split('.')[0]}.information_schema.task_history(result_limit => ${limit}))\nwhere name like '${prefix}%'\norder by scheduled_time desc`,
    },
    stage: {
      put: (file, stageDir) =>
        `put 'file://${file.replace(/'/g, "\\'")}' @~/${stageDir}/ auto_compress = false overwrite = true`,
      copyInto: (target, columns, stageDir, files, loadedAt) =>
        chunks(files, COPY_FILES_LIMIT).map((chunk) =>
          [
            `copy into ${rel(target)} (${[...columns, '_source_file', '_loaded_at'].join(', ')})`,
            `from (select ${columns.map((_, i) => `$${i + 1}`).join(', ')}, replace(metadata$filename, '${stageDir}/', ''), ${loadedAt} from @~/${stageDir}/)`,
            `files = (${chunk.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')})`,
            `file_format = (type = csv skip_header = 1 field_optionally_enclosed_by = '"')`,
            // Forge's load history chose these files (a changed one's old rows just deleted): load them even if Snowflake's metadata saw this content before
            'force = true',
          ].join('\n'),
        ),
      createExternalStage: (stage, url, integration) =>
        `create stage if not exists ${rel(stage)}\nurl = '${url.replace(/'/g, "''")}'\n` +
        `storage_integration = ${integration}\nfile_format = (type = csv skip_header = 1 field_optionally_enclosed_by = '"')`,
      copyFromStage: (target, columns, stage, pattern, loadedAt) =>
        [
          `copy into ${rel(target)} (${[...columns, '_source_file', '_loaded_at'].join(', ')})`,
          `from (select ${columns.map((_, i) => `$${i + 1}`).join(', ')}, metadata$filename, ${loadedAt} from @${rel(stage)})`,
          `pattern = '${pattern.replace(/'/g, "''")}'`,
        ].join('\n'),
    },
  });
}
