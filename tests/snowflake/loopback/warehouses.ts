/**
 * Which warehouses exist, and what a session without a usable one may run. Snowflake lets a session
 * log in naming a warehouse that does not exist (or that the role may not use): the session then has
 * no current warehouse, and statements needing compute fail with 000606. DDL, SHOW, USE and ALTER
 * SESSION need none. USE WAREHOUSE of an unknown one fails (002043).
 */
import { SnowflakeSqlError } from './translate-types.js';

/** Queries reading tables, DML, COPY, CREATE TABLE … AS SELECT: the statements that run on a warehouse. */
const NEEDS_COMPUTE = [
  /^(insert|merge|delete|update|copy)\b/i,
  /^(select|with)\b[\s\S]*\bfrom\b/i,
  /^create\s+(?:or\s+replace\s+)?(?:transient\s+|temporary\s+)?table\b[\s\S]*?\bas\s+\(?\s*(select|with)\b/i,
];

/** Why Snowflake would refuse `sql` in a session on `current` (empty: none), or undefined; `known` undefined: every warehouse exists. */
export function warehouseRefusal(
  sql: string,
  current: string,
  known: readonly string[] | undefined,
): SnowflakeSqlError | undefined {
  const exists = (name: string): boolean =>
    known === undefined || known.some((k) => k.toUpperCase() === name.toUpperCase());
  const text = sql.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))+/, '').trim();
  const use = /^use\s+warehouse\s+([a-z0-9_$]+)$/i.exec(text);
  if (use)
    return exists(use[1] ?? '')
      ? undefined
      : new SnowflakeSqlError(
          '002043',
          '02000',
          'SQL compilation error:\nObject does not exist, or operation cannot be performed.',
        );
  if ((current !== '' && exists(current)) || !NEEDS_COMPUTE.some((p) => p.test(text))) return undefined;
  return new SnowflakeSqlError(
    '000606',
    '57P03',
    "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
  );
}
