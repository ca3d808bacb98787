/**
 * Issue 21, crashes and hangs: each case used to end in an uncaught stack trace (or the wrong exit
 * code). Each test runs the real CLI and asserts the coded line a user reads and the exit code.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { internalErrorText } from '../../src/cli/internal-error.js';
import { copyFixture, forge, makeProject, query, REPO_ROOT } from '../helpers/project.js';
import { csvReadProblem } from '../../src/materializations/seed-file.js';
import { snowflakeSeedSelect } from '../../src/materializations/seed-plan.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';

describe('forge show', () => {
  it("an inline query with a SQL error is FRG2003 with a hint, its LINE counted in the user's text", async () => {
    const dir = await copyFixture('mini');
    expect((await forge(dir, 'build', '--select', '+stg_orders')).code).toBe(0);
    const r = await forge(dir, 'show', '--inline', "select nosuch from {{ref 'stg_orders'}}");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '<inline> FRG2003 the query failed in the warehouse: Binder Error: Referenced column "nosuch" not found in FROM clause!',
    );
    expect(r.stderr).toContain('LINE 1: select nosuch from');
    expect(r.stderr).toContain('  hint: check the SQL: it runs as rendered, with refs as relation names');
  });

  it('an inline query with an unknown ref is FRG1203 with a did-you-mean, before anything runs', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'show', '--inline', "select * from {{ref 'stg_ordrs'}}");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '<inline>:1:15 FRG1203 ref "stg_ordrs" not found — did you mean "stg_orders"?',
    );
  });

  it('a model not built yet is FRG2003 located at the model, with a hint to build it', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'show', '--select', 'stg_orders');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^models\/staging\/stg_orders\.sql FRG2003 the query failed in the warehouse: Catalog Error: Table with name "raw.raw_orders" does not exist/m,
    );
    expect(r.stderr).toContain('LINE 2: from raw.raw_orders'); // the model's own line 2, not the wrapper's 3
    expect(r.stderr).toContain(
      '  hint: a relation it reads may not be built yet (forge build builds them), or a name is misspelled',
    );
  });
});

describe('forge run-operation', () => {
  it('a statement the warehouse refuses is FRG2003 located at the macro, exit 1 (an uncaught stack before)', async () => {
    const dir = await copyFixture('mini', {
      'macros/ops.sql': '{{#macro "grant_all" role}}\ngrant select on nosuch to {{role}}\n{{/macro}}\n',
    });
    const r = await forge(dir, 'run-operation', 'grant_all', '--args', '{"role": "analyst"}');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^macros\/ops\.sql FRG2003 the query failed in the warehouse: /m);
    expect(r.stderr).not.toContain('FRG1920');
  });
});

describe('forge ls into a reader that stops early', () => {
  it('exits 0 without an EPIPE stack when stdout closes after one line', async () => {
    const files: Record<string, string> = { 'project.yml': 'name: many\n' };
    for (let i = 0; i < 3000; i++) files[`models/model_with_a_long_name_${i}.sql`] = 'select 1 as x\n';
    const dir = await makeProject(files);
    const child = spawn(process.execPath, [
      path.join(REPO_ROOT, 'packages/forge-sql/bin/forge.js'),
      'ls',
      '--output',
      'json',
      '--project-dir',
      dir,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // like `head -1`: read the first line, then close the pipe while forge is still writing
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('forge docs generate', () => {
  it('works on a fresh project (no target/, no warehouse): the catalog has no columns yet', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'docs', 'generate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('docs written to');
    const catalog = JSON.parse(await readFile(path.join(dir, 'target/catalog.json'), 'utf8')) as {
      nodes: object;
    };
    expect(catalog.nodes).toEqual({});
    await expect(access(path.join(dir, 'target/docs/index.html'))).resolves.toBeUndefined();
    expect(r.stderr).toContain('docs: no warehouse yet (nothing built); columns come from YAML only');
    // writing docs does not create an empty warehouse
    await expect(access(path.join(dir, '.forge/mini.duckdb'))).rejects.toThrow('ENOENT');
  });

  it('works after forge clean', async () => {
    const dir = await copyFixture('mini');
    expect((await forge(dir, 'build', '--select', 'raw_orders')).code).toBe(0);
    expect((await forge(dir, 'clean')).code).toBe(0);
    const r = await forge(dir, 'docs', 'generate');
    expect(r.code).toBe(0);
    const catalog = JSON.parse(await readFile(path.join(dir, 'target/catalog.json'), 'utf8')) as {
      nodes: Record<string, unknown>;
    };
    expect(Object.keys(catalog.nodes)).toEqual(['seed.mini.raw_orders']);
  });
});

describe('forge init without a folder', () => {
  it('refuses a non-empty current folder (FRG1902, exit 1, hint --force) and touches nothing', async () => {
    const dir = await makeProject({ 'notes.txt': 'mine\n' });
    const r = await forge(dir, 'init');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`FRG1902 ${dir} is not empty (notes.txt)`);
    expect(r.stderr).toContain(
      '  hint: forge init <new-folder> scaffolds into a new folder; forge init --force scaffolds here (existing files are kept)',
    );
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('scaffolds into an empty folder (a .git folder counts as empty), and with --force keeps existing files', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'forge-init-'));
    await mkdir(path.join(empty, '.git'));
    expect((await forge(empty, 'init')).code).toBe(0);
    const dir = await makeProject({ 'models/schema.yml': 'models: []\n' });
    const r = await forge(dir, 'init', '--force');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kept the existing models/schema.yml');
    expect(await readFile(path.join(dir, 'models/schema.yml'), 'utf8')).toBe('models: []\n');
    expect((await forge(dir, 'init', '--force')).stderr).toContain('FRG1902'); // a project is never scaffolded over
  });
});

describe('forge debug', () => {
  it('exits 1 with FRG2002 when the DuckDB file cannot be created', async () => {
    const dir = await makeProject({
      'project.yml': 'name: p\ntargets:\n  dev: { type: duckdb, path: project.yml/p.duckdb }\n',
    });
    const r = await forge(dir, 'debug');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `connection  FAILED: ${dir}/project.yml/p.duckdb cannot be created: ${dir}/project.yml is not a writable folder`,
    );
    expect(r.stderr).toContain(
      `FRG2002 cannot connect to target "dev": ${dir}/project.yml/p.duckdb cannot be created`,
    );
  });
});

describe('the top-level handler', () => {
  it('turns an unexpected exception into FRG1920 with "please report", exit 1, the stack only with --debug', async () => {
    const dir = await copyFixture('mini');
    const boom = new TypeError('cannot read x of undefined');
    const text = internalErrorText(boom, false);
    expect(text).toBe(
      'FRG1920 internal error (TypeError): cannot read x of undefined\n' +
        '  hint: this is a bug in Forge: please report it with the command you ran; run it again with --debug (or FORGE_DEBUG=1) to see the stack trace',
    );
    expect(internalErrorText(boom, true)).toContain('\nTypeError: cannot read x of undefined\n    at ');
    const err: string[] = [];
    // an Output that throws stands in for any failure no command foresees
    const output = {
      out: (): void => {
        throw boom;
      },
      err: (l: string): void => {
        err.push(l);
      },
    };
    expect(await runCli(['ls', '--project-dir', dir], output)).toBe(1);
    expect(err.join('\n')).toContain('FRG1920 internal error (TypeError): cannot read x of undefined');
    expect(err.join('\n')).not.toContain('    at ');
    err.length = 0;
    expect(await runCli(['ls', '--debug', '--project-dir', dir], output)).toBe(1);
    expect(err.join('\n')).toContain('    at ');
  });
});

describe('seeds with mixed line endings or malformed text', () => {
  const lf =
    'order_id,customer_id,amount_cents,ordered_at\n1,1,1250,2026-01-02\n2,1,800,2026-01-05\n3,2,4300,2026-01-07\n';
  // a CRLF file with one LF line, as an editor leaves it after a paste (DuckDB's sniffer rejected it)
  const mixed = lf
    .split('\n')
    .map((line, i) => (i === 2 ? `${line}\n` : `${line}\r\n`))
    .join('')
    .replace(/\r\n$/, '');

  it('loads a CRLF file with one LF line, the same rows as the LF file (DuckDB, from an LF copy)', async () => {
    expect(mixed).toContain('2026-01-05\n3,');
    expect(mixed).toContain('2026-01-02\r\n2,');
    const dir = await copyFixture('mini', { 'seeds/raw_orders.csv': mixed });
    const r = await forge(dir, 'seed', '--select', 'raw_orders');
    expect(r.stdout + r.stderr).not.toContain('sniffing');
    expect(r.code).toBe(0);
    expect(
      await query(
        dir,
        'select order_id, amount_cents, ordered_at from {{ref "raw_orders"}} order by order_id',
      ),
    ).toEqual([
      { order_id: 1, amount_cents: 1250, ordered_at: '2026-01-02' },
      { order_id: 2, amount_cents: 800, ordered_at: '2026-01-05' },
      { order_id: 3, amount_cents: 4300, ordered_at: '2026-01-07' },
    ]);
  });

  it("Snowflake's VALUES are the same for the mixed file as for the LF one", () => {
    expect(snowflakeSeedSelect(mixed, {})).toBe(snowflakeSeedSelect(lf, {}));
  });

  it('a file that is not UTF-8 is FRG2004 at its line', async () => {
    const dir = await copyFixture('mini');
    await writeFile(
      path.join(dir, 'seeds/raw_orders.csv'),
      Buffer.concat([Buffer.from('a,b\n1,x\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const r = await forge(dir, 'seed', '--select', 'raw_orders');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('seeds/raw_orders.csv:3 FRG2004 malformed CSV: line 3 is not UTF-8 text');
  });

  it("a value DuckDB cannot read as its column_types type is one FRG2004 line with the line number, not the reader's settings", async () => {
    const dir = await copyFixture('mini', {
      'seeds/raw_orders.csv': 'a,b\n1,2\n3,4\nx,5\n',
      'seeds/props.yml': 'seeds:\n  - name: raw_orders\n    config:\n      column_types: {a: integer}\n',
    });
    const r = await forge(dir, 'seed', '--select', 'raw_orders');
    expect(r.code).toBe(1);
    // a failed node's error is part of the run report, on stdout
    expect(r.stdout).toContain(
      'seeds/raw_orders.csv:4 FRG2004 malformed CSV: line 4: Error when converting column "a". Could not convert string "x" to \'INTEGER\'',
    );
    expect(r.stdout).toContain(
      "hint: fix the value on that line, or the column's type in the seed's column_types",
    );
    expect(r.stdout).not.toContain('null_padding');
  });

  it("DuckDB's sniffer wall becomes one line and a hint", () => {
    const sniffer =
      'Invalid Input Error: Error when sniffing file "/p/seeds/x.csv".\nIt was not possible to automatically detect the CSV parsing dialect\n' +
      "The search space used was:\nDelimiter Candidates: ','\nPossible fixes:\n* Disable the parser's strict mode (strict_mode=false)\n";
    const problem = csvReadProblem(new Error(sniffer), 'seeds/x.csv');
    expect(problem && formatDiagnostic(problem)).toBe(
      'seeds/x.csv FRG2004 malformed CSV: It was not possible to automatically detect the CSV parsing dialect\n' +
        "  hint: check the delimiter (the seed's delimiter config), the quoting, and that every row has the header's fields",
    );
    expect(
      csvReadProblem(new Error('Catalog Error: Table with name x does not exist!'), 'seeds/x.csv'),
    ).toBeUndefined();
  });
});

describe('the forge process', () => {
  it("an exception outside any command (a timer) is FRG1920 and exit 1, not Node's raw stack", async () => {
    const main = path.join(REPO_ROOT, 'packages/forge-sql/dist/main.js');
    const script = `import(${JSON.stringify(main)}).then((m) => { m.installCrashHandlers([]); setTimeout(() => { throw new TypeError('boom in a timer'); }); })`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(
      'FRG1920 internal error (TypeError): boom in a timer\n' +
        '  hint: this is a bug in Forge: please report it with the command you ran; run it again with --debug (or FORGE_DEBUG=1) to see the stack trace\n',
    );
  });
});
