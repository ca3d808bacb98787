/**
 * Runs a materialization plan: `prepare` statements one by one, then the `swap` statements in one
 * transaction (rolled back on any failure, so the previous relation stays), then best-effort cleanup.
 */
import type { Connection, Dialect } from '../adapters/adapter.js';
import type { Plan } from '../materializations/relation-plan.js';

export async function runStatements(connection: Connection, statements: readonly string[]): Promise<number> {
  let rows = 0;
  for (const sql of statements) rows = await connection.execute(sql);
  return rows;
}

/** DDL (Snowflake commits an open transaction before it and runs it as its own); everything else is DML or a query. */
const isDdl = (sql: string): boolean =>
  /^\s*(create|alter|drop|grant|revoke|comment|undrop|use)\b/i.test(sql.replace(/^(\s*--[^\n]*\n)+/, ''));

/**
 * Runs statements in one transaction. A write-write conflict with another thread's transaction
 * (DuckDB's optimistic concurrency on the catalog) rolls back cleanly, so it is retried a few times.
 * Where DDL is not transactional (Snowflake), the DDL before the first DML statement runs first,
 * the DML in one transaction, and the DDL after it once that committed: each DDL statement is
 * atomic by itself (SWAP WITH is), and no DDL sits inside a transaction it would silently commit.
 */
export async function runInTransaction(
  connection: Connection,
  dialect: Dialect,
  statements: readonly string[],
): Promise<number> {
  if (statements.length === 0) return 0;
  const sum = async (list: readonly string[]): Promise<number> => {
    let rows = 0;
    for (const sql of list) rows += await connection.execute(sql);
    return rows;
  };
  if (dialect.capabilities.transactionalDdl) return inTransaction(connection, dialect, () => sum(statements));
  const first = statements.findIndex((s) => !isDdl(s));
  if (first < 0) return sum(statements);
  const after = statements.length - [...statements].reverse().findIndex((s) => !isDdl(s));
  const dml = statements.slice(first, after);
  if (dml.some(isDdl))
    throw new Error(
      `a plan mixes DDL into its DML on ${dialect.type}, where DDL commits the transaction: ${dml.find(isDdl)?.slice(0, 80) ?? ''}`,
    );
  const before = await sum(statements.slice(0, first));
  const changed = await inTransaction(connection, dialect, () => sum(dml));
  return before + changed + (await sum(statements.slice(after)));
}

/** Runs `work` between begin and commit (rollback on failure), retrying write-write conflicts. */
export async function inTransaction<T>(
  connection: Connection,
  dialect: Dialect,
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await connection.execute(dialect.begin());
    try {
      const result = await work();
      await connection.execute(dialect.commit());
      return result;
    } catch (error) {
      await connection.execute(dialect.rollback()).catch(() => undefined);
      const conflict = error instanceof Error && /conflict/i.test(error.message);
      if (!conflict || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Returns the rows the last prepare statement produced plus the rows the swap changed; `afterSwap` runs before cleanup (the old relation is still beside). */
export async function runPlan(
  connection: Connection,
  dialect: Dialect,
  plan: Plan,
  afterSwap?: () => Promise<void>,
): Promise<number> {
  const built = await runStatements(connection, plan.prepare);
  const swapped = await runInTransaction(connection, dialect, plan.swap);
  await afterSwap?.();
  for (const sql of plan.cleanup) await connection.execute(sql).catch(() => undefined);
  return built + swapped;
}
