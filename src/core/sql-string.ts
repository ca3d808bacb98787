/** A SQL string literal (single quotes doubled): the same on DuckDB and Snowflake. */
export const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
