/** Types of verify-lib.mjs (plain JS so that run-verify.mjs runs under node without a build). */

/** One statement of a script, without its leading comments. */
export interface VerifyStatement {
  readonly sql: string;
  /** 1-based line where the statement starts. */
  readonly line: number;
  /** The id of the last `-- section <id>: <title>` header above it (undefined before the first). */
  readonly section: string | undefined;
  /** The code of a `-- expect error: <code>` line right above it (blank lines between are fine). */
  readonly expectError: string | undefined;
}

export interface VerifySection { readonly id: string; readonly title: string; readonly line: number }

/** A mistake in the script's own markup: an expect line not right above a statement, an unclosed `$$`… */
export interface ScriptProblem { readonly line: number; readonly message: string }

export interface SplitScript {
  readonly statements: readonly VerifyStatement[];
  readonly sections: readonly VerifySection[];
  readonly problems: readonly ScriptProblem[];
}

/**
 * Splits a Snowflake script at top-level `;`. Semicolons inside `$$…$$`, '…' (with `\'` and `''`),
 * "…" and comments do not split. Collects markup problems instead of throwing.
 */
export function splitScript(text: string): SplitScript;

/** Whether a statement produces checks: it has a `… as check_name` column, or an expected error. */
export function isCheck(statement: VerifyStatement): boolean;

/** Replaces `&{name}` (spaces inside the braces allowed) with values[name]; names without a value are left and listed. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): { readonly text: string; readonly missing: readonly string[] };

/** The distinct `&{name}` placeholders of a text, sorted. */
export function placeholderNames(text: string): string[];

export type CheckRow =
  | { readonly kind: 'check'; readonly name: string; readonly ok: boolean; readonly detail: string }
  | { readonly kind: 'info'; readonly name: string; readonly detail: string };

/**
 * The check rows of a result: columns CHECK_NAME, OK (true passes; false or NULL fails) and an optional
 * DETAIL, or INFO and DETAIL for a value recorded without a verdict. Column names match in any case.
 */
export function readChecks(rows: readonly Readonly<Record<string, unknown>>[]): CheckRow[];

/** A driver error's Snowflake code as six digits ('002003'), or undefined when it has none. */
export function errorCode(error: unknown): string | undefined;
