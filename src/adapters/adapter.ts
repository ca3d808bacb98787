/**
 * The adapter interface: a pure Dialect (capabilities and SQL text, no I/O) and a Warehouse of
 * Connections (the only I/O). DuckDB and Snowflake implement it; a dialect is built on the standard
 * statements of base-dialect.ts and overrides only what its warehouse writes differently.
 */
import type { Relation } from '../core/relation.js';
import type { DynamicTableSql, TaskSql } from '../core/object-sql.js';

/** What a target can do; checked at compile time so an unsupported config fails with its location. */
interface Capabilities {
  /** DDL (create, drop, rename) can run inside a transaction and roll back. */
  readonly transactionalDdl: boolean;
  /** `MERGE INTO` is available. */
  readonly merge: boolean;
  /** Queries can read files on this machine (DuckDB); Snowflake reads files only through a stage. */
  readonly localFiles: boolean;
}

export interface Column {
  readonly name: string;
  readonly type: string;
}

/** What holds a relation's name. Dynamic tables are Snowflake's (DuckDB has none): dropped and replaced as their own kind. */
export type RelationKind = 'table' | 'view' | 'dynamic_table';

/** A relation found in a schema: its names as the warehouse stores them (Snowflake upper-cases unquoted names). */
interface ListedRelation {
  readonly schema: string;
  readonly identifier: string;
  readonly kind: RelationKind;
}

export interface RelationState {
  readonly kind: RelationKind;
  readonly columns: readonly Column[];
}

/** Per-node table settings a warehouse may honour (Snowflake: `cluster_by`, `transient`). */
export interface TableOptions {
  readonly clusterBy?: readonly string[];
  readonly transient?: boolean;
  /** CREATE OR REPLACE keeps the replaced table's grants (Snowflake COPY GRANTS; task bodies rebuild in place). */
  readonly copyGrants?: boolean;
}

/** Pure SQL text for one warehouse. Names are never quoted unless the user quoted them. */
export interface Dialect {
  readonly type: 'duckdb' | 'snowflake' | 'postgres';
  readonly capabilities: Capabilities;
  relation(relation: Relation): string;
  createSchema(relation: Relation): string;
  createTableAs(relation: Relation, sql: string, temporary?: boolean, options?: TableOptions): string;
  /** GRANT statements for a node's `grants` config (`{ select: [reporter] }`); none where the warehouse has no roles (DuckDB). */
  grants(
    relation: Relation,
    kind: 'table' | 'view' | 'dynamic table',
    grants: Readonly<Record<string, readonly string[]>>,
  ): string[];
  /** The grants on an object, one row each with `privilege` and `grantee_name` (absent: the warehouse has no roles). */
  showGrants?(relation: Relation, kind: 'table' | 'view'): string;
  createView(relation: Relation, sql: string): string;
  /**
   * An empty table with these columns (replacing one of that name). Staging for a query that reads a
   * stream is made this way, from the query's described columns, so that nothing reads the stream
   * before the INSERT that consumes it.
   */
  createEmptyTable(
    relation: Relation,
    columns: readonly Column[],
    temporary?: boolean,
    options?: TableOptions,
  ): string;
  drop(relation: Relation, kind: RelationKind): string;
  /**
   * Puts a table built beside the live relation in its place: `swap` runs in the node's transaction,
   * `cleanup` after it. DuckDB drops the old and renames (transactional DDL); Snowflake, whose DDL
   * commits at once, swaps the two tables in one atomic `ALTER TABLE … SWAP WITH` and drops the old
   * one afterwards.
   */
  swapIn(
    beside: Relation,
    live: Relation,
    existing: RelationKind | undefined,
  ): { readonly swap: readonly string[]; readonly cleanup: readonly string[] };
  addColumn(relation: Relation, column: Column): string;
  dropColumn(relation: Relation, column: string): string;
  /** `<expr> - <lookback>` for a watermark lookback given as an interval text like `3 days`. */
  subtractInterval(expr: string, interval: string): string;
  /** A timestamp literal. */
  timestamp(value: Date): string;
  /** The warehouse's "now minus this many hours", comparable with a timestamp column. */
  hoursAgo(hours: number): string;
  /**
   * A table expression reading landed files, with a `filename` column (CSV read as text columns:
   * bronze keeps what landed; columns matched by name across files).
   * Snowflake will load through a stage and COPY INTO instead (Snowflake II); DuckDB reads directly.
   */
  readFiles(
    absolutePaths: readonly string[],
    format: 'csv' | 'parquet' | 'json',
    options: Readonly<Record<string, unknown>>,
  ): string;
  /** INSERT matching columns by name (files may order columns differently). */
  insertByName(target: Relation, select: string): string;
  /** One row, one text column `digest`: a fingerprint of the query's rows, independent of row order. */
  contentDigest(select: string): string;
  /** A deterministic bucket in [0, buckets) from the values of these SQL expressions (for sampling). */
  hashBucket(expressions: readonly string[], buckets: number): string;
  /** A scalar SQL function `fn(params…)` returning `body` (DuckDB: a persistent macro; Snowflake: a SQL UDF). */
  createFunction(
    fn: Relation,
    params: readonly { readonly name: string; readonly type: 'numeric' | 'text' }[],
    body: string,
  ): string;
  /**
   * A stream of `table`'s changes with METADATA$ACTION / METADATA$ISUPDATE columns: a real stream on
   * Snowflake (kept if it exists: replacing it would lose its offset); on DuckDB a view showing every
   * row as a fresh insert (builds there are full reads; incremental models merge them idempotently).
   */
  createStream(stream: Relation, table: Relation, appendOnly: boolean, replace?: boolean): string;
  /** SHOW STREAMS for one stream: a row with `stale` ('true'/'false') when it exists (absent: streams never go stale here). */
  showStream?(stream: Relation): string;
  /** A table `to` with the contents of `from` (another target's): Snowflake's zero-copy CLONE, a copy on DuckDB. */
  cloneTable(to: Relation, from: Relation, options?: TableOptions): string;
  /** Loading files through a stage (warehouses that cannot read this machine's files: Snowflake). */
  readonly stage?: StageSql;
  /** Real dynamic tables (Snowflake); absent: `dynamic_table` builds as a table. */
  readonly dynamicTable?: DynamicTableSql;
  /** Task graphs (Snowflake: `forge deploy`). */
  readonly tasks?: TaskSql;
  begin(): string;
  commit(): string;
  rollback(): string;
}

/** The statements of a stage load: upload each file, then copy them into the table (columns by position, all text). */
export interface StageSql {
  /** Uploads one local file into `stageDir/<dir>` (PUT runs in the driver: it copies the file itself). */
  put(absolutePath: string, stageDir: string): string;
  /**
   * Copies staged files (paths relative to `stageDir`) into `target`; `_source_file` is that relative
   * path. Several statements when the warehouse limits a statement's file list (Snowflake: 1,000).
   */
  copyInto(
    target: Relation,
    columns: readonly string[],
    stageDir: string,
    files: readonly string[],
    loadedAt: string,
  ): readonly string[];
  /** A named external stage on a cloud URL (kept if it exists). */
  createExternalStage(stage: Relation, url: string, storageIntegration: string): string;
  /** Copies the stage's files matching `pattern` into `target`; Snowflake's load metadata skips files copied before. */
  copyFromStage(
    target: Relation,
    columns: readonly string[],
    stage: Relation,
    pattern: string,
    loadedAt: string,
  ): string;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

export interface Connection {
  /** Runs one statement; returns rows changed (or produced) when the driver reports it. */
  execute(sql: string): Promise<number>;
  /** `params` bind to `?` placeholders (values never enter the SQL text: the dashboard's filters). */
  query(sql: string, limit?: number, params?: readonly (string | number | null)[]): Promise<QueryResult>;
  /** A result by column (numbers as numbers, 64-bit integers as bigint, NULL as null): for large reads. */
  queryColumns(
    sql: string,
  ): Promise<{ readonly names: readonly string[]; readonly columns: readonly (readonly unknown[])[] }>;
  /** Columns and kind of a relation, or undefined when it does not exist. */
  describe(relation: Relation): Promise<RelationState | undefined>;
  /** The tables and views of some schemas of one database, in one query; none of a schema that does not exist. */
  listRelations(database: string, schemas: readonly string[]): Promise<ListedRelation[]>;
  /** The columns a query would return, without running it. */
  describeQuery(sql: string): Promise<Column[]>;
  /** Tags the following statements (Snowflake's QUERY_TAG: run and node, for cost reports); cleared on release. */
  tag?(value: string): void;
  /** Switches this session's warehouse for the node (Snowflake `snowflake_warehouse`); the target's is restored on release. */
  useWarehouse?(warehouse: string): Promise<void>;
  release(): void;
}

export interface Warehouse {
  readonly dialect: Dialect;
  connect(): Promise<Connection>;
  /** Milliseconds spent inside warehouse statements so far (for the overhead benchmark). */
  readonly statementMs: number;
  /** Cancels every running statement (Ctrl-C). */
  cancel?(): Promise<void>;
  close(): Promise<void>;
}
