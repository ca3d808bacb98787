/**
 * Project vars (project.yml `vars:`) and their overrides (`--vars`), read the same way: YAML (JSON
 * first, where duplicate keys are allowed, the last winning), so
 * `--vars '{start: 2024-01-01, n: 3}'` gives the types project.yml would. A YAML timestamp
 * (`!!timestamp 2024-01-01`) becomes the text it was written as, so every var is a plain value and
 * renders the same from either place (template/var-text.ts).
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { isPlainObject } from './validate.js';
import { parseYamlFile } from './yaml-file.js';

/** A value read from YAML as a plain ConfigValue: dates become text, anything else unknown becomes null. */
function plainValue(value: unknown): ConfigValue {
  if (value instanceof Date) return dateText(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** `2024-01-01` for a date at midnight UTC (how YAML reads a bare date), else ISO 8601 to the second (or finer). */
function dateText(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.replace('.000Z', 'Z');
}

export function plainVars(value: Readonly<Record<string, unknown>>): Record<string, ConfigValue> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
}

/** The mapping `text` holds (YAML or JSON, or `key: value, key: value`), or undefined when it holds none. */
export function parseVarsText(text: string): Record<string, ConfigValue> | undefined {
  const json = parseJson(text);
  if (isPlainObject(json)) return plainVars(json);
  const yaml = parseYamlFile(text, '--vars', Codes.usage);
  if (yaml.diagnostics.length > 0) return undefined;
  // YAML reads `{a:1}` as the key "a:1" (no space after the colon): that is the loose form below
  const loose =
    isPlainObject(yaml.value) && Object.entries(yaml.value).some(([k, v]) => k.includes(':') && v === null);
  if (isPlainObject(yaml.value) && !loose) return plainVars(yaml.value);
  return parsePairs(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The old loose form, `a:1,b:x` (no space after the colon, which YAML reads as one string). */
function parsePairs(text: string): Record<string, ConfigValue> | undefined {
  const out: Record<string, ConfigValue> = {};
  for (const pair of text.replace(/^\{|\}$/g, '').split(',')) {
    const [key, ...rest] = pair.split(':');
    if (!key?.trim() || rest.length === 0) return undefined;
    const raw = rest
      .join(':')
      .trim()
      .replace(/^['"]|['"]$/g, '');
    out[key.trim()] = raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
