/**
 * The kinds of value a project.yml or target setting may hold, and the check for each: pure, so
 * the same rule judges a literal in project.yml (with its line) and a value read from an environment
 * variable when the target is resolved.
 */
import type { Code } from '../errors/codes.js';
import { describe } from './validate.js';

export type SettingRule =
  /** Text; a number or boolean is refused (`path: 5` is a slip, not a path). */
  | { readonly kind: 'string' }
  /** Text or a number (`version: 2`). */
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  /** A whole number ≥ min; above `cap` it is capped with a warning (checkCap). */
  | { readonly kind: 'count'; readonly min: 0 | 1; readonly max?: number; readonly cap?: number }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  /** A DuckDB size: `12GB`, `500 MiB`, `-1` or `none` (no limit). */
  | { readonly kind: 'size' }
  /** Any mapping (vars, meta): its keys are the user's. */
  | { readonly kind: 'mapping' }
  /** A folder: a string, or a list holding one (dbt writes `model-paths: ["models"]`). */
  | { readonly kind: 'folder' }
  /** Checked by its own parser (folder config, targets, generator) or by `check`. */
  | { readonly kind: 'custom'; readonly check?: (value: unknown) => string | undefined };

export interface SettingSpec {
  readonly rule: SettingRule;
  /** The code of a bad value when it is not the file's own (memory_limit: FRG2002, as DuckDB would fail). */
  readonly code?: Code;
  readonly hint?: string;
}

const SIZE = /^\s*(-1|none|\d+(\.\d+)?(e\d+)?\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib))\s*$/i;

/** Why `value` breaks `rule` ("must be …, got …"), or undefined when it is fine. */
export function ruleProblem(rule: SettingRule, value: unknown): string | undefined {
  const got = `, got ${describe(value)}`;
  switch (rule.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string${got}`;
    case 'text':
      return typeof value === 'string' || typeof value === 'number' ? undefined : `must be a string${got}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false${got}`;
    case 'count':
      return countProblem(rule, value);
    case 'oneOf':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : `must be one of ${rule.values.join(', ')}${got}`;
    case 'size':
      return (typeof value === 'string' || typeof value === 'number') && SIZE.test(String(value))
        ? undefined
        : `must be a size like 12GB or 500MiB (or -1: no limit)${got}`;
    case 'mapping':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : `must be a mapping${got}`;
    case 'folder':
      return folderProblem(value);
    case 'custom':
      return rule.check?.(value);
  }
}

function countProblem(rule: Extract<SettingRule, { kind: 'count' }>, value: unknown): string | undefined {
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max);
  if (ok) return undefined;
  const range = rule.max === undefined ? `of ${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
  return `must be a whole number ${range}, got ${describe(value)}`;
}

function folderProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return undefined;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return undefined;
  if (Array.isArray(value) && value.length > 1 && value.every((x) => typeof x === 'string'))
    return 'must name one folder: Forge reads one per kind';
  return `must be a folder (a string, or a list of one string), got ${describe(value)}`;
}

/**
 * An environment variable's text as the rule's type: `"8"` → 8 for a count, `"true"` → true for a
 * boolean; other text is kept (and judged as text).
 */
export function fromEnvText(rule: SettingRule, text: string): string | number | boolean {
  if (rule.kind === 'count' && /^\s*-?\d+\s*$/.test(text)) return Number(text);
  if (rule.kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
