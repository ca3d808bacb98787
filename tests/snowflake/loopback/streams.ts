/**
 * Streams with offsets, as Snowflake keeps them. A stream is a DuckDB view of its table's net changes
 * since an offset, the offset being a copy of the table's rows (`base`) taken when the stream was
 * created (empty with SHOW_INITIAL_ROWS = TRUE) or last consumed. Querying a stream never moves the
 * offset; a DML statement that reads it does, when its transaction commits (the copy is taken on the
 * DML's own connection, inside its transaction, so a rollback undoes it). A stream not consumed for
 * longer than the staleness window is stale: SHOW STREAMS says so and reading it fails.
 * Updates show as a DELETE and an INSERT (METADATA$ISUPDATE is not emulated); an append-only stream
 * shows net inserts.
 */
import { SnowflakeSqlError } from './translate-types.js';

export interface StreamSpec {
  readonly name: string;
  readonly table: string;
  readonly appendOnly: boolean;
  readonly showInitialRows: boolean;
}

interface Stream extends StreamSpec {
  readonly base: string;
  consumedAt: number;
}

/** Snowflake's default: a stream becomes stale after the table's retention, at least 14 days. */
export const DEFAULT_STALE_AFTER_MS = 14 * 24 * 3600 * 1000;

export class StreamCatalog {
  private readonly streams = new Map<string, Stream>();
  private next = 1;

  constructor(
    private readonly now: () => number,
    private readonly staleAfterMs: () => number,
  ) {}

  has(name: string): boolean {
    return this.streams.has(name.toLowerCase());
  }

  /** The statements creating a stream (none when it exists: CREATE STREAM IF NOT EXISTS keeps its offset). */
  create(spec: StreamSpec): string[] {
    if (this.has(spec.name)) return [];
    // the offset's copy lives in the stream's database (DuckDB writes one database per transaction), in a schema of its own
    const base = `${spec.name.split('.')[0]}.loopback_streams.base_${this.next++}`;
    this.streams.set(spec.name.toLowerCase(), { ...spec, base, consumedAt: this.now() });
    const inserts = `select *, 'INSERT' as metadata$action, false as metadata$isupdate from (select * from ${spec.table} except all select * from ${base})`;
    const deletes = `select *, 'DELETE' as metadata$action, false as metadata$isupdate from (select * from ${base} except all select * from ${spec.table})`;
    return [
      `create schema if not exists ${spec.name.split('.')[0]}.loopback_streams`,
      `create table ${base} as select * from ${spec.table}${spec.showInitialRows ? ' where false' : ''}`,
      `create view ${spec.name} as ${spec.appendOnly ? inserts : `${inserts} union all ${deletes}`}`,
    ];
  }

  drop(name: string): void {
    this.streams.delete(name.toLowerCase());
  }

  /** The streams a statement reads (by their qualified names). */
  referenced(sql: string): string[] {
    const text = sql.toLowerCase();
    return [...this.streams.keys()].filter((name) =>
      new RegExp(`(^|[^a-z0-9_$.])${name.replace(/[.$]/g, '\\$&')}($|[^a-z0-9_$])`).test(text),
    );
  }

  stale(name: string): boolean {
    const stream = this.streams.get(name.toLowerCase());
    return stream !== undefined && this.now() - stream.consumedAt > this.staleAfterMs();
  }

  /** Refuses to read a stale stream, with the error Snowflake gives (wording approximated). */
  checkReadable(sql: string): void {
    const stale = this.referenced(sql).find((name) => this.stale(name));
    if (stale) {
      throw new SnowflakeSqlError(
        '091901',
        '01000',
        `SQL execution error:\nStream '${stale.toUpperCase()}' has become stale. ` +
          'Recreate the stream to read from it again; its offset is outside the data retention period of its table.',
      );
    }
  }

  /** The statements moving a stream's offset to its table's current rows (run inside the consuming DML's transaction). */
  consume(name: string): string[] {
    const stream = this.streams.get(name.toLowerCase());
    if (!stream) return [];
    return [`delete from ${stream.base}`, `insert into ${stream.base} select * from ${stream.table}`];
  }

  /** Records that a consuming transaction committed. */
  consumed(names: readonly string[]): void {
    for (const name of names) {
      const s = this.streams.get(name.toLowerCase());
      if (s) s.consumedAt = this.now();
    }
  }

  /** SHOW STREAMS rows for one schema (`db.schema`), names matching a LIKE pattern. */
  show(schema: string, like: string): Record<string, string>[] {
    const pattern = new RegExp(
      `^${like
        .toLowerCase()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')}$`,
    );
    return [...this.streams.entries()]
      .filter(
        ([name]) =>
          name.startsWith(`${schema.toLowerCase()}.`) && pattern.test(name.slice(schema.length + 1)),
      )
      .map(([name, s]) => {
        const [database, schemaName, stream] = name.split('.');
        return {
          name: (stream ?? '').toUpperCase(),
          database_name: (database ?? '').toUpperCase(),
          schema_name: (schemaName ?? '').toUpperCase(),
          table_name: s.table.toUpperCase(),
          type: 'DELTA',
          mode: s.appendOnly ? 'APPEND_ONLY' : 'DEFAULT',
          stale: String(this.stale(name)),
          stale_after: new Date(s.consumedAt + this.staleAfterMs()).toISOString(),
        };
      });
  }
}
