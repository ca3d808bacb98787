/**
 * Ephemeral models are never built: a model that refs one gets it as a CTE named
 * `__forge_eph__<name>`, injected into the model's own WITH clause (or a new one) — as dbt does.
 */
export const EPHEMERAL_PREFIX = '__forge_eph__';

/** Skips leading whitespace and SQL comments; returns the offset of the first real token. */
function firstToken(sql: string): number {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] as string)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    return i;
  }
}

/** `ctes` in dependency order: [name, compiled SQL]. */
export function injectCtes(sql: string, ctes: readonly (readonly [string, string])[]): string {
  if (ctes.length === 0) return sql;
  const block = ctes.map(([name, body]) => `${EPHEMERAL_PREFIX}${name} as (\n${body.trim()}\n)`).join(',\n');
  const at = firstToken(sql);
  const head = sql.slice(0, at);
  const rest = sql.slice(at);
  const withMatch = /^with(\s+recursive)?\s+/i.exec(rest);
  if (withMatch) return `${head}${withMatch[0]}${block},\n${rest.slice(withMatch[0].length)}`;
  return `${head}with ${block}\n${rest}`;
}
