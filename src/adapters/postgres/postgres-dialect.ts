/**
 * Postgres SQL text. Pure, and no target type selects it yet: it shows what a third adapter writes
 * on top of the standard statements (base-dialect.ts) — its names, its capabilities, and the SQL
 * that has no portable form. A Postgres connection is one database, so relations are named
 * `schema.identifier` in it and `database.schema.identifier` outside it.
 */
import { relationName, type Relation } from '../../core/relation.js';
import type { Dialect } from '../adapter.js';
import { defineDialect } from '../base-dialect.js';

export function postgresDialect(database: string): Dialect {
  const rel = (relation: Relation): string => relationName(relation, database);
  return defineDialect({
    type: 'postgres',
    // MERGE since Postgres 15; COPY reads files on the server, not on this machine
    capabilities: { transactionalDdl: true, merge: true, localFiles: false },
    relation: rel,
    createSchema: (relation) => `create schema if not exists ${relation.schema}`,
    // GRANT … ON TABLE covers views too
    grants: (relation, _kind, grants) =>
      Object.entries(grants).flatMap(([privilege, roles]) =>
        roles.map((role) => `grant ${privilege} on table ${rel(relation)} to ${role}`),
      ),
    // md5 of each row's text, in order, then of them all: independent of the order rows come in
    contentDigest: (select) =>
      `select count(*)::text || ':' || coalesce(md5(string_agg(md5(forge_rows::text), '' order by md5(forge_rows::text))), '0') as digest\n` +
      `from (\n${select}\n) as forge_rows`,
    hashBucket: (expressions, buckets) =>
      `(abs(hashtext(concat_ws('|', ${expressions.join(', ')}))::bigint) % ${buckets})`,
    createFunction: (fn, params, body) =>
      `create or replace function ${rel(fn)}(${params.map((p) => `${p.name} ${p.type === 'numeric' ? 'double precision' : 'text'}`).join(', ')})\n` +
      `returns double precision\nlanguage sql\nimmutable\nas $$\nselect ${body}\n$$`,
  });
}
