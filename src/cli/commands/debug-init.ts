/** `forge debug` (project, target, connection) and `forge init <dir>` (scaffold a project). */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { loadProject } from '../../api/load-project.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic } from '../../errors/diagnostic.js';
import { maskedSettings, type Target } from '../../project/targets.js';
import { withConnection } from '../../adapters/open-warehouse.js';
import { authMethod, describeAuth } from '../../adapters/snowflake/snowflake-auth.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function debugCommand(ctx: CommandContext): Promise<number> {
  const { loaded, diagnostics } = await loadProject(optionsFrom(ctx.args));
  report(ctx, diagnostics);
  if (!loaded) return 1;
  const { project, target } = loaded;
  const lines = [
    `project     ${project.name} (${loaded.projectDir}/project.yml)`,
    `target      ${target.name} (${target.type}), threads ${target.threads}`,
    `database    ${target.database}    default schema ${target.schema}    schema naming ${target.schemaNaming}`,
    `settings    ${JSON.stringify(maskedSettings(target))}`,
    ...(target.type === 'snowflake' ? [`auth        ${authStatus(target)}`] : []),
    `connection  ${await connectionStatus(target)}`,
  ];
  for (const line of lines) ctx.output.out(line);
  return 0;
}

/** The Snowflake login method and the keys it reads (never their values), or why the target has none. */
function authStatus(target: Target): string {
  try {
    return describeAuth(authMethod(target));
  } catch (error) {
    return `none: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function connectionStatus(target: Target): Promise<string> {
  if (target.type === 'snowflake') {
    try {
      const row = await withConnection(target, async (c) => (await c.query('select current_version() as version, current_role() as role, current_warehouse() as warehouse')).rows[0] ?? {});
      return `OK: logged in (Snowflake ${String(row['version'] ?? '?')}, role ${String(row['role'] ?? '?')}, warehouse ${String(row['warehouse'] ?? '?')})`;
    } catch (error) {
      return `FAILED: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (!target.path) return 'no path';
  try {
    await access(target.path, constants.R_OK | constants.W_OK);
    return `OK: ${target.path} exists and is writable`;
  } catch {
    return `OK: ${target.path} will be created on the first build`;
  }
}

export async function initCommand(ctx: CommandContext): Promise<number> {
  const dir = path.resolve(ctx.args.positionals[0] ?? ctx.args.projectDir);
  const name = path.basename(dir).replace(/\W+/g, '_').replace(/^(\d)/, '_$1').toLowerCase() || 'my_project';
  try {
    await access(path.join(dir, 'project.yml'));
    report(ctx, [diagnostic(Codes.initExists, `${dir} already holds a project.yml`, undefined, 'choose an empty directory')]);
    return 1;
  } catch {
    // no project yet: scaffold one
  }
  for (const [file, text] of Object.entries(scaffold(name))) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  ctx.events({ type: 'info', message: `created project "${name}" in ${dir}\nnext: cd ${path.relative(process.cwd(), dir) || '.'} && npx forge compile` });
  return 0;
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
