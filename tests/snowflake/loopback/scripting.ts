/**
 * The subset of Snowflake Scripting that task bodies use, interpreted statement by statement so that
 * EXECUTE TASK really runs a body: `execute immediate $$ … $$`, `declare <name> <type> default <v>;`,
 * `begin … end;` blocks, `select … into :var …`, `if (<cond>) then … [else …] end if;`,
 * `begin transaction` / `commit` / `rollback`, and `:var` references. Anything else in a block runs
 * as a statement (through the server, so it is translated and checked like any other).
 */
import { splitStatements } from './sql-text.js';
import { SnowflakeSqlError } from './translate-types.js';

export type RunStatement = (sql: string) => Promise<Record<string, unknown>[]>;

interface Frame { readonly parentActive: boolean; active: boolean; taken: boolean }

/** The block inside `execute immediate $$ … $$`, or undefined when the body is a single statement. */
function scriptOf(body: string): string | undefined {
  const m = /^\s*execute\s+immediate\s+\$\$([\s\S]*)\$\$\s*;?\s*$/i.exec(body);
  return m?.[1];
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return `'${String(value).replace(/'/g, "''")}'`;
}

export async function runTaskBody(body: string, run: RunStatement): Promise<void> {
  const script = scriptOf(body);
  if (script === undefined) { await run(body); return; }
  const vars = new Map<string, unknown>();
  const frames: Frame[] = [];
  const active = (): boolean => frames.every((f) => f.active);
  const bind = (sql: string): string => sql.replace(/:([a-z_][a-z0-9_]*)\b/gi, (m, name: string) => (vars.has(name.toLowerCase()) ? literal(vars.get(name.toLowerCase())) : m));
  const evaluate = async (condition: string): Promise<boolean> => {
    const rows = await run(`select (${bind(condition.replace(/\b([a-z_][a-z0-9_]*)\b/gi, (m, n: string) => (vars.has(n.toLowerCase()) ? `:${n}` : m)))}) as forge_condition`);
    const value = rows[0]?.['forge_condition'];
    return value === true || value === 'true' || value === 1 || value === '1';
  };
  let declaring = false;
  for (let piece of splitStatements(script)) {
    for (;;) {
      const keyword = /^(declare|begin(?!\s+transaction\b)|if\s*\(([\s\S]*?)\)\s*then|else|end\s+if|end)\b\s*/i.exec(piece);
      if (!keyword) break;
      const word = (keyword[1] ?? '').toLowerCase();
      piece = piece.slice(keyword[0].length);
      if (word === 'declare') declaring = true;
      else if (word === 'begin') { declaring = false; frames.push({ parentActive: active(), active: true, taken: true }); }
      else if (word.startsWith('if')) {
        const parentActive = active();
        const taken = parentActive && await evaluate(keyword[2] ?? 'false');
        frames.push({ parentActive, active: taken, taken });
      } else if (word === 'else') {
        const frame = frames.at(-1);
        if (frame) { frame.active = frame.parentActive && !frame.taken; frame.taken = true; }
      } else frames.pop();
    }
    if (piece.trim() === '') continue;
    if (declaring) {
      const decl = /^([a-z_][a-z0-9_]*)\s+[a-z0-9_(), ]+?\s+(?:default|:=)\s+([\s\S]+)$/i.exec(piece.trim());
      if (!decl) throw new SnowflakeSqlError('001003', '42000', `SQL compilation error:\nsyntax error in DECLARE: '${piece.trim().slice(0, 60)}'`);
      vars.set((decl[1] ?? '').toLowerCase(), (await run(`select ${decl[2]} as forge_value`))[0]?.['forge_value']);
      continue;
    }
    if (!active()) continue;
    const into = /\binto\s+:([a-z_][a-z0-9_]*)\s+/i.exec(piece);
    if (into && /^\s*select\b/i.test(piece)) {
      const rows = await run(bind(piece.replace(into[0], '')));
      const first = rows[0];
      vars.set((into[1] ?? '').toLowerCase(), first ? Object.values(first)[0] : null);
      continue;
    }
    await run(bind(piece));
  }
}
