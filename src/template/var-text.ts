/**
 * How `{{var "x"}}` prints a var (the README's "Vars" section states the same rule): a string as
 * written, a number in its shortest form (`1.50` → `1.5`), a boolean as `true`/`false`, null as
 * nothing, and a list or a mapping as JSON (`["a","b"]`, `{"k":1}`), so it can be pasted into SQL
 * or cast from text. A YAML timestamp was already made text where vars are read (project/vars.ts).
 * Inside helpers (`join (var "list")`, `#each`) a var keeps its structure: only the printed form is
 * fixed here.
 */
import type { RenderValue } from './render.js';

/** The JSON of a list or plain mapping var, or undefined for anything printed the ordinary way. */
export function varJson(value: RenderValue): string | undefined {
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return JSON.stringify(value);
  return undefined;
}
