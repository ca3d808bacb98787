/**
 * The names Forge writes into DDL unquoted (database, schema, alias/identifier). Generated DDL quotes
 * nothing users did not quote (DESIGN.md), so a name must be one unquoted identifier that DuckDB and
 * Snowflake both read the same way: a letter or `_`, then letters, digits, `_` or `$`. Anything else
 * (a space, a quote, `;`) would change the statement's meaning, so it is refused at parse time.
 */
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function isPlainIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name);
}

/** `"Order Lines"`: one quoted identifier, inner quotes doubled — still a single name, whatever it holds. */
const QUOTED_IDENTIFIER = /^"(?:[^"]|"")+"$/;

/**
 * A name a source may give for a table Forge only reads (`identifier: '"Order Lines"'`): plain, or
 * quoted by the user as the warehouse needs it. Forge builds nothing under such a name.
 */
export function isReadableIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name) || QUOTED_IDENTIFIER.test(name);
}

/** `schema "raw; drop …" is not a valid identifier` — the value shortened so a long injection stays one line. */
export function invalidIdentifierMessage(what: string, name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 37)}…` : name;
  return `${what} ${JSON.stringify(shown)} is not a valid identifier`;
}

export const IDENTIFIER_HINT =
  'use letters, digits, _ and $, starting with a letter or _ (Forge writes these names unquoted); ' +
  'a source read as is may quote its name: identifier: \'"Order Lines"\'';
