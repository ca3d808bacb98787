/**
 * Snowflake's SQL UDF text for the ML nodes' deployment. The Snowflake dialect (issue "Snowflake I")
 * uses this as its `createFunction`; until then it backs the golden SQL of ML deployment.
 */
export function snowflakeCreateFunction(
  fn: string,
  params: readonly { readonly name: string; readonly type: 'numeric' | 'text' }[],
  body: string,
): string {
  const args = params.map((p) => `${p.name} ${p.type === 'numeric' ? 'FLOAT' : 'VARCHAR'}`).join(', ');
  return `create or replace function ${fn}(${args})\nreturns float\nlanguage sql\nas\n$$\n${body}\n$$`;
}
