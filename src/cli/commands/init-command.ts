/** `forge init [dir]`: scaffold a project, with its package.json (forge-sql as a dependency), .gitignore and README. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORGE_VERSION } from '../../core/version.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, type Diagnostic } from '../../errors/diagnostic.js';
import { report, type CommandContext } from './context.js';

export async function initCommand(ctx: CommandContext): Promise<number> {
  const dir = path.resolve(ctx.args.positionals[0] ?? ctx.args.projectDir);
  const name = path.basename(dir).replace(/\W+/g, '_').replace(/^(\d)/, '_$1').toLowerCase() || 'my_project';
  const refusal = await initRefusal(dir, ctx.args.force);
  if (refusal) {
    report(ctx, [refusal]);
    return 1;
  }
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
  const where = path.relative(process.cwd(), dir) || '.';
  ctx.events({
    type: 'info',
    message: `created project "${name}" in ${dir}${keptNote}\nnext:\n  ${where === '.' ? '' : `cd ${where} && `}npm install    # forge-sql ${FORGE_VERSION} and the DuckDB binding\n  npx forge build               # seeds, models and tests on .forge/${name}.duckdb`,
  });
  return 0;
}

/** Why `forge init` will not scaffold into `dir`: it holds a project, or (without --force) anything but a .git folder. */
async function initRefusal(dir: string, force: boolean): Promise<Diagnostic | undefined> {
  const entries = (await readdir(dir).catch(() => [] as string[])).filter((entry) => entry !== '.git').sort();
  if (entries.includes('project.yml'))
    return diagnostic(
      Codes.initExists,
      `${dir} already holds a project.yml`,
      undefined,
      'choose an empty directory',
    );
  if (entries.length === 0 || force) return undefined;
  const shown =
    entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
  return diagnostic(
    Codes.initExists,
    `${dir} is not empty (${shown})`,
    undefined,
    'forge init <new-folder> scaffolds into a new folder; forge init --force scaffolds here (existing files are kept)',
  );
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
    '.gitignore': 'node_modules/\n.forge/\ntarget/\n',
    'package.json': `${JSON.stringify(
      {
        name: name.replace(/_/g, '-'),
        private: true,
        type: 'module',
        scripts: { build: 'forge build', test: 'forge test' },
        dependencies: { 'forge-sql': `^${FORGE_VERSION}` },
      },
      null,
      2,
    )}\n`,
    'README.md': projectReadme(name),
    'seeds/raw_orders.csv':
      'order_id,customer_id,amount_cents,ordered_at\n1,1,1250,2026-01-02\n2,1,800,2026-01-05\n3,2,4300,2026-01-07\n',
    'macros/cents_to_dollars.sql':
      '{{#macro "cents_to_dollars" column scale=2}}\n  round({{column}} / 100.0, {{scale}})\n{{/macro}}\n',
    'models/staging/stg_orders.sql':
      'select\n  order_id,\n  customer_id,\n  {{cents_to_dollars "amount_cents"}} as amount,\n  cast(ordered_at as date) as ordered_at\nfrom {{ref "raw_orders"}}\nwhere amount_cents >= {{var "min_amount"}}\n',
    'models/marts/customer_revenue.sql':
      'select customer_id, count(*) as orders, sum(amount) as revenue\nfrom {{ref "stg_orders"}}\ngroup by customer_id\n',
    'models/schema.yml':
      'models:\n  - name: stg_orders\n    description: One row per order.\n    columns:\n      - name: order_id\n        tests: [unique, not_null]\n  - name: customer_revenue\n    columns:\n      - name: customer_id\n        tests: [unique]\n',
  };
}

function projectReadme(name: string): string {
  return `# ${name}

A [Forge](https://www.npmjs.com/package/forge-sql) project: SQL models on an embedded DuckDB file
(\`.forge/\`), or on Snowflake with the \`prod\` target.

\`\`\`bash
npm install            # forge-sql and the DuckDB binding (add snowflake-sdk@3 for the prod target)
npx forge build        # seeds, models and data tests, in graph order (npm run build)
npx forge test         # the data tests again (npm test)
npx forge ls           # what the project holds; forge --help lists every command
\`\`\`

- \`seeds/\` CSV files loaded as tables; \`models/\` SQL models (\`{{ref "stg_orders"}}\`), with their
  tests and descriptions in \`models/schema.yml\`; \`macros/\` reusable SQL (\`{{cents_to_dollars "amount_cents"}}\`).
- \`project.yml\`: folders' materializations and schemas, vars, targets.
`;
}
