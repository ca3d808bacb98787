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

/**
 * Runs statements in one transaction. A write-write conflict with another thread's transaction
 * (DuckDB's optimistic concurrency on the catalog) rolls back cleanly, so it is retried a few times.
 */
export async function runInTransaction(connection: Connection, dialect: Dialect, statements: readonly string[]): Promise<number> {
  if (statements.length === 0) return 0;
  return inTransaction(connection, dialect, async () => {
    let rows = 0;
    for (const sql of statements) rows += await connection.execute(sql);
    return rows;
  });
}

/** Runs `work` between begin and commit (rollback on failure), retrying write-write conflicts. */
export async function inTransaction<T>(connection: Connection, dialect: Dialect, work: () => Promise<T>): Promise<T> {
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

/** Returns the rows the last prepare statement produced plus the rows the swap changed. */
export async function runPlan(connection: Connection, dialect: Dialect, plan: Plan): Promise<number> {
  const built = await runStatements(connection, plan.prepare);
  const swapped = await runInTransaction(connection, dialect, plan.swap);
  for (const sql of plan.cleanup) await connection.execute(sql).catch(() => undefined);
  return built + swapped;
}
