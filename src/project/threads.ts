/**
 * How many nodes run at once. More than MAX_THREADS buys nothing (DuckDB has a handful of cores to
 * share; a Snowflake warehouse queues beyond its own concurrency, 8 by default) and a huge number
 * would exhaust memory before the first node starts, so a larger value is capped with a warning.
 */
export const MAX_THREADS = 64;

/** Nodes a target runs at once when it does not say. */
export const DEFAULT_THREADS = 4;

export function capThreads(threads: number): number {
  return Math.min(threads, MAX_THREADS);
}

export function threadsCappedMessage(what: string, threads: number): string {
  return `${what} ${threads} is more than Forge runs at once: running ${MAX_THREADS}`;
}
