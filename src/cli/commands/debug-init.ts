/** `forge debug` (project, target, connection) and `forge init <dir>` (scaffold a project). */
import { access, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { loadProject } from '../../api/load-project.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../../errors/diagnostic.js';
import { maskedSettings, type Target } from '../../project/targets.js';
import { withConnection } from '../../adapters/open-warehouse.js';
import { authMethod, describeAuth } from '../../adapters/snowflake/snowflake-auth.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function debugCommand(ctx: CommandContext): Promise<number> {
  const { loaded, diagnostics } = await loadProject(optionsFrom(ctx.args));
  report(ctx, diagnostics);
  if (!loaded) return 1;
  const { project, target } = loaded;
  const connection = await connectionStatus(target);
  const lines = [
    `project     ${project.name} (${loaded.projectDir}/project.yml)`,
    `target      ${target.name} (${target.type}), threads ${target.threads}`,
    `database    ${target.database}    default schema ${target.schema}    schema naming ${target.schemaNaming}`,
    `settings    ${JSON.stringify(maskedSettings(target))}`,
    ...(target.type === 'snowflake' ? [`auth        ${authStatus(target)}`] : []),
    `connection  ${connection.ok ? 'OK' : 'FAILED'}: ${connection.text}`,
  ];
  for (const line of lines) ctx.output.out(line);
  if (connection.ok) return 0;
  report(ctx, connection.problems ?? [diagnostic(Codes.warehouseOpen, `cannot connect to target "${target.name}": ${connection.text.split('\n')[0] ?? ''}`, undefined,
    target.type === 'snowflake' ? 'check the account, user and credentials above (secrets are masked) and that the network reaches Snowflake'
      : 'check the target\'s path: its folder must exist (or be creatable) and be writable')]);
  return 1;
}

/** The Snowflake login method and the keys it reads (never their values), or why the target has none. */
function authStatus(target: Target): string {
  try {
    return describeAuth(authMethod(target));
  } catch (error) {
    return `none: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Whether the target can be reached; a failure Forge already coded (e.g. a missing account) keeps its diagnostics. */
async function connectionStatus(target: Target): Promise<{ ok: boolean; text: string; problems?: readonly Diagnostic[] }> {
  if (target.type === 'snowflake') {
    try {
      const row = await withConnection(target, async (c) => (await c.query('select current_version() as version, current_role() as role, current_warehouse() as warehouse')).rows[0] ?? {});
      return { ok: true, text: `logged in (Snowflake ${String(row['version'] ?? '?')}, role ${String(row['role'] ?? '?')}, warehouse ${String(row['warehouse'] ?? '?')})` };
    } catch (error) {
      if (error instanceof ForgeError) return { ok: false, text: error.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '), problems: error.diagnostics };
      return { ok: false, text: error instanceof Error ? error.message : String(error) };
    }
  }
  if (!target.path) return { ok: false, text: 'the target has no path' };
  if (await accessible(target.path)) return { ok: true, text: `${target.path} exists and is writable` };
  if (await exists(target.path)) return { ok: false, text: `${target.path} exists but cannot be read and written` };
  const folder = await nearestExisting(path.dirname(target.path));
  if (await accessible(folder, true)) return { ok: true, text: `${target.path} will be created on the first build` };
  return { ok: false, text: `${target.path} cannot be created: ${folder} is not a writable folder` };
}

async function accessible(file: string, folder = false): Promise<boolean> {
  const wanted = folder ? constants.W_OK | constants.X_OK : constants.R_OK | constants.W_OK;
  return access(file, wanted).then(async () => !folder || (await stat(file)).isDirectory(), () => false);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** The folder itself or its closest ancestor that exists (the build creates the rest). */
async function nearestExisting(folder: string): Promise<string> {
  let current = folder;
  while (!(await exists(current)) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

export async function initCommand(ctx: CommandContext): Promise<number> {
  const dir = path.resolve(ctx.args.positionals[0] ?? ctx.args.projectDir);
  const name = path.basename(dir).replace(/\W+/g, '_').replace(/^(\d)/, '_$1').toLowerCase() || 'my_project';
  const refusal = await initRefusal(dir, ctx.args.force);
  if (refusal) { report(ctx, [refusal]); return 1; }
  const kept: string[] = [];
  for (const [file, text] of Object.entries(scaffold(name))) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    // --force never overwrites: a file already there is the user's
    await writeFile(path.join(dir, file), text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      kept.push(file);
    });
  }
  const keptNote = kept.length > 0 ? `\nkept the existing ${kept.join(', ')}` : '';
  ctx.events({ type: 'info', message: `created project "${name}" in ${dir}${keptNote}\nnext: cd ${path.relative(process.cwd(), dir) || '.'} && npx forge compile` });
  return 0;
}

/** Why `forge init` will not scaffold into `dir`: it holds a project, or (without --force) anything but a .git folder. */
async function initRefusal(dir: string, force: boolean): Promise<Diagnostic | undefined> {
  const entries = (await readdir(dir).catch(() => [] as string[])).filter((entry) => entry !== '.git').sort();
  if (entries.includes('project.yml')) return diagnostic(Codes.initExists, `${dir} already holds a project.yml`, undefined, 'choose an empty directory');
  if (entries.length === 0 || force) return undefined;
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
  return diagnostic(Codes.initExists, `${dir} is not empty (${shown})`, undefined,
    'forge init <new-folder> scaffolds into a new folder; forge init --force scaffolds here (existing files are kept)');
}

/** Local DuckDB by default; a Snowflake target signing in with a key pair, as Snowflake is retiring single-factor passwords. */
const SNOWFLAKE_TARGETS = `targets:
  dev:
    type: duckdb
  prod:
    type: snowflake
    account: { env: SNOWFLAKE_ACCOUNT }
    user: { env: SNOWFLAKE_USER }
    # key pair: openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt -out rsa_key.p8, then
    # ALTER USER … SET RSA_PUBLIC_KEY = '…' (Forge's README, Snowflake: Authentication, also for OAuth, PAT, MFA)
    private_key_path: { env: SNOWFLAKE_PRIVATE_KEY_PATH }
    private_key_passphrase: { env: SNOWFLAKE_PRIVATE_KEY_PASSPHRASE, default: "" }
    role: { env: SNOWFLAKE_ROLE, default: TRANSFORMER }
    warehouse: { env: SNOWFLAKE_WAREHOUSE, default: TRANSFORMING }
    database: { env: SNOWFLAKE_DATABASE, default: ANALYTICS }
    schema: { env: SNOWFLAKE_SCHEMA, default: DEV }
`;

function scaffold(name: string): Record<string, string> {
  return {
    'project.yml': `name: ${name}\nvars:\n  min_amount: 0\nmodels:\n  staging:\n    +materialized: view\n    +schema: staging\n  marts:\n    +materialized: table\n    +schema: marts\nseeds:\n  +schema: raw\n${SNOWFLAKE_TARGETS}`,
    '.gitignore': '.forge/\ntarget/\n',
    'seeds/raw_orders.csv': 'order_id,customer_id,amount_cents,ordered_at\n1,1,1250,2026-01-02\n2,1,800,2026-01-05\n3,2,4300,2026-01-07\n',
    'macros/cents_to_dollars.sql': '{{#macro "cents_to_dollars" column scale=2}}\n  round({{column}} / 100.0, {{scale}})\n{{/macro}}\n',
    'models/staging/stg_orders.sql': 'select\n  order_id,\n  customer_id,\n  {{cents_to_dollars "amount_cents"}} as amount,\n  cast(ordered_at as date) as ordered_at\nfrom {{ref "raw_orders"}}\nwhere amount_cents >= {{var "min_amount"}}\n',
    'models/marts/customer_revenue.sql': 'select customer_id, count(*) as orders, sum(amount) as revenue\nfrom {{ref "stg_orders"}}\ngroup by customer_id\n',
    'models/schema.yml': 'models:\n  - name: stg_orders\n    description: One row per order.\n    columns:\n      - name: order_id\n        tests: [unique, not_null]\n  - name: customer_revenue\n    columns:\n      - name: customer_id\n        tests: [unique]\n',
  };
}
