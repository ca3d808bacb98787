/**
 * Small helpers for validating `unknown` values read from YAML, collecting located diagnostics
 * instead of throwing, so a user sees every problem in a file at once.
 */
import type { Code } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects diagnostics for one YAML file under one error code. */
export class YamlValidator {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly yaml: YamlFile,
    private readonly code: Code,
  ) {}

  error(path: YamlPath, message: string, hint?: string, key = false, code = this.code): void {
    this.diagnostics.push(diagnostic(code, message, this.yaml.locate(path, key), hint));
  }

  warn(path: YamlPath, message: string, hint?: string, code = this.code): void {
    this.diagnostics.push(diagnostic(code, message, this.yaml.locate(path, true), hint, 'warn'));
  }

  object(value: unknown, path: YamlPath, what: string): PlainObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (isPlainObject(value)) return value;
    this.error(path, `${what} must be a mapping, got ${describe(value)}`);
    return undefined;
  }

  list(value: unknown, path: YamlPath, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.error(path, `${what} must be a list, got ${describe(value)}`);
    return [];
  }

  string(value: unknown, path: YamlPath, what: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.error(path, `${what} must be a string, got ${describe(value)}`);
    return undefined;
  }

  /** Reports keys of `object` that are not in `allowed`, with a did-you-mean. */
  knownKeys(object: PlainObject, path: YamlPath, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        this.error(
          [...path, key],
          `unknown key "${key}" in ${what}${didYouMean(key, allowed)}`,
          `allowed keys: ${allowed.join(', ')}`,
          true,
        );
      }
    }
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
