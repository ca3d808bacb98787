/**
 * A source's load step on build: landed files into its raw table (landed-load.ts on this machine,
 * stage-load.ts for a cloud URL), with a load-history table (`<schema>._forge_loads`) recording each
 * file; or a stream created over its table.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from '../adapters/adapter.js';
import { isCloudLocation, type SourceNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { globMatch } from '../select/methods.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { inTransaction } from './run-plan.js';
import { loadFromExternalStage } from './stage-load.js';
import { loadLandedFiles } from './landed-load.js';
import { ensureHistory } from './load-history.js';

/** Files matching `dir/pattern` (the pattern only in the last segment), sorted, relative to the project. */
export function landedFiles(projectDir: string, location: string): string[] {
  const dir = path.dirname(location);
  const pattern = path.basename(location);
  let names: string[];
  try {
    names = readdirSync(path.resolve(projectDir, dir));
  } catch {
    return [];
  }
  return names
    .filter((n) => globMatch(pattern, n))
    .sort()
    .map((n) => path.join(dir, n));
}

export async function loadExternalSource(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
): Promise<NodeOutcome> {
  const external = source.external;
  const { dialect } = ctx.warehouse;
  if (source.streamOf) return createStream(ctx, source, connection);
  if (!external) return { what: 'source (nothing to load)' };
  await inTransaction(connection, dialect, () => ensureHistory(connection, dialect, source));
  if (isCloudLocation(external.location)) {
    if (dialect.capabilities.localFiles || !dialect.stage) {
      throw ForgeError.of(
        Codes.capability,
        `${source.sourceName}.${source.tableName} loads from ${external.location}, which ${dialect.type} reads only through a Snowflake external stage`,
        source.location,
        'land the files on this machine for DuckDB builds, or build on Snowflake',
      );
    }
    return loadFromExternalStage(ctx, source, connection, dialect.stage);
  }
  return loadLandedFiles(ctx, source, connection, landedFiles(ctx.manifest.projectDir, external.location));
}

/** A stream source: created over its table (the table's load runs first: it is the stream's parent). */
async function createStream(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const table = ctx.manifest.nodes.get(source.streamOf?.source as SourceNode['id']);
  if (table?.resourceType !== 'source')
    throw ForgeError.of(Codes.sourceNotFound, `stream ${source.name}: its table is gone`, source.location);
  // a stale stream cannot be read again; only replacing it (a full refresh, which also rebuilds what reads it) recovers
  const stale = dialect.showStream
    ? (await connection.query(dialect.showStream(source.relation))).rows.some(
        (r) => String(r['stale']).toLowerCase() === 'true',
      )
    : false;
  if (stale && !ctx.fullRefresh) {
    throw ForgeError.of(
      Codes.streamStale,
      `stream ${dialect.relation(source.relation)} is stale: it was not consumed within its table's retention, and Snowflake can no longer read it`,
      source.location,
      `recreate it and rebuild what reads it: forge build --full-refresh --select source:${source.sourceName}.${source.tableName}+ (build or run its task more often than the retention period)`,
    );
  }
  const sql = dialect.createStream(
    source.relation,
    table.relation,
    source.streamOf?.appendOnly ?? false,
    stale,
  );
  await connection.execute(sql);
  return {
    what: `stream ${dialect.relation(source.relation)} on ${dialect.relation(table.relation)}${stale ? ' (stale: replaced)' : ''}`,
    sql,
  };
}
