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

interface Frame {
  readonly parentActive: boolean;
  active: boolean;
  taken: boolean;
}

/** The block inside `execute immediate $$ … $$`, or undefined when the body is a single statement. */
function scriptOf(body: string): string | undefined {
  const m = /^\s*execute\s+immediate\s+\$\$([\s\S]*)\$\$\s*;?\s*$/i.exec(body);
  return m?.[1];
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** One run of a script: its variables, its open blocks and IFs, and whether it is in DECLARE. */
class Interpreter {
  private readonly vars = new Map<string, unknown>();
  private readonly frames: Frame[] = [];
  private declaring = false;

  constructor(private readonly run: RunStatement) {}

  private active(): boolean {
    return this.frames.every((f) => f.active);
  }

  private bind(sql: string): string {
    return sql.replace(/:([a-z_][a-z0-9_]*)\b/gi, (m, name: string) =>
      this.vars.has(name.toLowerCase()) ? literal(this.vars.get(name.toLowerCase())) : m,
    );
  }

  private async evaluate(condition: string): Promise<boolean> {
    const named = condition.replace(/\b([a-z_][a-z0-9_]*)\b/gi, (m, n: string) =>
      this.vars.has(n.toLowerCase()) ? `:${n}` : m,
    );
    const value = (await this.run(`select (${this.bind(named)}) as forge_condition`))[0]?.['forge_condition'];
    return value === true || value === 'true' || value === 1 || value === '1';
  }

  /** Consumes the block keywords a piece starts with (BEGIN, IF … THEN, ELSE, END IF, END, DECLARE); returns the statement left. */
  private async keywords(piece: string): Promise<string> {
    for (;;) {
      const keyword =
        /^(declare|begin(?!\s+transaction\b)|if\s*\(([\s\S]*?)\)\s*then|else|end\s+if|end)\b\s*/i.exec(piece);
      if (!keyword) return piece;
      const word = (keyword[1] ?? '').toLowerCase();
      piece = piece.slice(keyword[0].length);
      if (word === 'declare') this.declaring = true;
      else if (word === 'begin') {
        this.declaring = false;
        this.frames.push({ parentActive: this.active(), active: true, taken: true });
      } else if (word.startsWith('if')) {
        const parentActive = this.active();
        const taken = parentActive && (await this.evaluate(keyword[2] ?? 'false'));
        this.frames.push({ parentActive, active: taken, taken });
      } else if (word === 'else') {
        const frame = this.frames.at(-1);
        if (frame) {
          frame.active = frame.parentActive && !frame.taken;
          frame.taken = true;
        }
      } else this.frames.pop();
    }
  }

  async piece(text: string): Promise<void> {
    const piece = await this.keywords(text);
    if (piece.trim() === '') return;
    if (this.declaring) {
      const decl = /^([a-z_][a-z0-9_]*)\s+[a-z0-9_(), ]+?\s+(?:default|:=)\s+([\s\S]+)$/i.exec(piece.trim());
      if (!decl)
        throw new SnowflakeSqlError(
          '001003',
          '42000',
          `SQL compilation error:\nsyntax error in DECLARE: '${piece.trim().slice(0, 60)}'`,
        );
      this.vars.set(
        (decl[1] ?? '').toLowerCase(),
        (await this.run(`select ${decl[2]} as forge_value`))[0]?.['forge_value'],
      );
      return;
    }
    if (!this.active()) return;
    const into = /\binto\s+:([a-z_][a-z0-9_]*)\s+/i.exec(piece);
    if (into && /^\s*select\b/i.test(piece)) {
      const first = (await this.run(this.bind(piece.replace(into[0], ''))))[0];
      this.vars.set((into[1] ?? '').toLowerCase(), first ? Object.values(first)[0] : null);
      return;
    }
    await this.run(this.bind(piece));
  }
}

export async function runTaskBody(body: string, run: RunStatement): Promise<void> {
  const script = scriptOf(body);
  if (script === undefined) {
    await run(body);
    return;
  }
  const interpreter = new Interpreter(run);
  for (const piece of splitStatements(script)) await interpreter.piece(piece);
}
