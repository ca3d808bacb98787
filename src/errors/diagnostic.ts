/**
 * Every user-facing problem is a Diagnostic: a stable code, a message, where it happened and a hint.
 * Parsing collects them (so a user sees all problems at once); commands turn error-severity ones
 * into a non-zero exit code.
 */
import type { Code } from './codes.js';

type Severity = 'error' | 'warn';

export interface SourceLocation {
  /** Path relative to the project directory, with forward slashes. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
}

/** Builds a diagnostic without `undefined` members (exactOptionalPropertyTypes-friendly). */
export function diagnostic(
  code: Code,
  message: string,
  location?: SourceLocation,
  hint?: string,
  severity: Severity = 'error',
): Diagnostic {
  return {
    code,
    severity,
    message,
    ...(location ? { location } : {}),
    ...(hint ? { hint } : {}),
  };
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

/** `models/gold/orders.sql:3:8 FRG1203 ref "ordrs" not found — did you mean "orders"?` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)} ` : '';
  const level = d.severity === 'warn' ? 'warning ' : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${level}${d.code} ${d.message}${hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown when a command cannot go on; carries every diagnostic that stopped it. */
export class ForgeError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ForgeError';
    this.diagnostics = diagnostics;
  }

  static of(code: Code, message: string, location?: SourceLocation, hint?: string): ForgeError {
    return new ForgeError([diagnostic(code, message, location, hint)]);
  }
}
