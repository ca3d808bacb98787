/** The shapes translate.ts and its rule files share: what a statement becomes, and small builders for rules. */
import type { GrantEffect } from './grants.js';
import type { StreamSpec } from './streams.js';

export class SnowflakeSqlError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a statement does besides (or instead of) running on DuckDB. */
export type Translated =
  | {
      readonly kind: 'duckdb';
      readonly statements: readonly string[];
      readonly statementType: number;
      readonly grants?: readonly GrantEffect[];
    }
  | { readonly kind: 'session'; readonly set: Readonly<Record<string, string>> }
  /** BEGIN / COMMIT / ROLLBACK: the server keeps the session's transaction state (DDL commits an open one). */
  | { readonly kind: 'transaction'; readonly verb: 'begin' | 'commit' | 'rollback' }
  /** CREATE STREAM, SHOW STREAMS, SHOW GRANTS: kept by the server (streams.ts, grants.ts). */
  | { readonly kind: 'stream'; readonly spec: StreamSpec; readonly replace: boolean }
  | { readonly kind: 'show-streams'; readonly schema: string; readonly like: string }
  | { readonly kind: 'show-grants'; readonly object: string }
  /** EXECUTE TASK: the server runs the task's body (and, for a root, its graph) at once. */
  | { readonly kind: 'execute-task'; readonly task: string }
  /** A PUT: the driver copies the file itself into the stage's directory (its LOCAL_FS stage type). */
  | { readonly kind: 'put'; readonly file: string; readonly stageDir: string }
  /** ALTER DYNAMIC TABLE … REFRESH: the server rebuilds it from the SELECT its catalog keeps. */
  | { readonly kind: 'refresh'; readonly database: string; readonly schema: string; readonly name: string }
  /** An external stage, and a COPY from one: the server keeps stages and each table's load metadata. */
  | { readonly kind: 'stage'; readonly stage: string; readonly url: string }
  | {
      readonly kind: 'copy-stage';
      readonly target: string;
      readonly columns: string;
      readonly select: string;
      readonly stage: string;
      readonly pattern: string;
    }
  /** COPY INTO … FILES = (…) from the user stage: the same load metadata (a file copied before is skipped unless FORCE). */
  | {
      readonly kind: 'copy-files';
      readonly target: string;
      readonly columns: string;
      readonly select: string;
      readonly files: readonly string[];
      readonly force: boolean;
    };

/** Where the server keeps the user stage `@~` (a directory on this machine). */
export interface TranslateContext {
  readonly stageRoot: string;
  /** The session's DATABASE, SCHEMA, WAREHOUSE, ROLE, TIMEZONE (for current_role(), current_timestamp() and friends). */
  readonly session?: Readonly<Record<string, string>>;
  /** The role may resume tasks (Snowflake's account-level EXECUTE TASK privilege); default true. */
  readonly executeTask?: boolean;
}

export const STATEMENT_TYPES = {
  select: 0x1000,
  insert: 0x3100,
  update: 0x3200,
  delete: 0x3300,
  merge: 0x3400,
  ddl: 0x6000,
  transaction: 0x5000,
} as const;

export type Rule = readonly [RegExp, (m: RegExpExecArray, sql: string, ctx: TranslateContext) => Translated];

export const ddl = (...statements: string[]): Translated => ({
  kind: 'duckdb',
  statements,
  statementType: STATEMENT_TYPES.ddl,
});
export const withGrants = (translated: Translated, ...grants: GrantEffect[]): Translated =>
  translated.kind === 'duckdb' ? { ...translated, grants } : translated;
export const fq = (m: RegExpExecArray, at: number): string => `${m[at]}.${m[at + 1]}.${m[at + 2]}`;
export const insufficient = (what: string): SnowflakeSqlError =>
  new SnowflakeSqlError(
    '003001',
    '42501',
    `SQL access control error:\nInsufficient privileges to operate on ${what}.`,
  );
export const NAME = '([a-z0-9_$]+)\\.([a-z0-9_$]+)\\.([a-z0-9_$]+)';
