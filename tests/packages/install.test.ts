/**
 * Forge as a package a team installs into its own repository: packs forge-sql and forge-utils (the
 * built dist/ of this run's `npm run build`), scaffolds a project with `forge init` in an empty temp
 * folder, installs both from the tarballs (npm's cache first; only the registry otherwise), and runs
 * `forge --version`, `npm run build` and the typed API there, with a model using the macro package.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORGE_VERSION } from '../../src/core/version.js';
import { REPO_ROOT } from '../helpers/project.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function pack(folder: string, into: string): Promise<{ file: string; files: string[] }> {
  const r = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', into],
    path.join(REPO_ROOT, folder),
  );
  expect(r.code, r.stderr).toBe(0);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed nothing: ${r.stderr}`);
  return { file: path.join(into, info.filename), files: info.files.map((f) => f.path) };
}

describe('forge-sql installed into a new repository', () => {
  let work: string;
  let project: string;
  let engine: { file: string; files: string[] };
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'forge-install-'));
    engine = await pack('packages/forge-sql', work);
    const utils = await pack('packages/forge-utils', work);
    const init = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'packages/forge-sql/bin/forge.js'), 'init', 'shop_analytics'],
      work,
    );
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr + init.stdout).toContain('cd shop_analytics && npm install');
    project = path.join(work, 'shop_analytics');
    const install = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', engine.file, utils.file],
      project,
    );
    expect(install.code, install.stderr).toBe(0);
  }, 240_000);

  it('the tarball holds the bundles, the types and the bin, not the sources or tests', () => {
    expect(engine.files).toEqual(
      expect.arrayContaining([
        'bin/forge.js',
        'dist/main.js',
        'dist/index.js',
        'dist/types/index.d.ts',
        'dist/web/dashboard.js',
        'package.json',
        'README.md',
      ]),
    );
    expect(engine.files.filter((f) => /^(src|tests|web|node_modules)\//.test(f))).toEqual([]);
  });

  it('forge init wrote package.json with the dependency and scripts, a .gitignore and a README', async () => {
    const manifest = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.scripts).toEqual({ build: 'forge build', test: 'forge test' });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['forge-sql', 'forge-utils']);
    expect(await readFile(path.join(project, '.gitignore'), 'utf8')).toBe(
      'node_modules/\n.forge/\ntarget/\n',
    );
    expect(await readFile(path.join(project, 'README.md'), 'utf8')).toContain('npx forge build');
  });

  it('npx forge is this Forge, and the project builds with a macro from the package', async () => {
    const version = await run('npx', ['--no', '--', 'forge', '--version'], project);
    expect(version.stdout.trim(), version.stderr).toBe(`forge ${FORGE_VERSION}`);
    const yml = await readFile(path.join(project, 'project.yml'), 'utf8');
    await writeFile(
      path.join(project, 'project.yml'),
      yml.replace('vars:', 'packages:\n  - forge-utils\nvars:'),
    );
    await writeFile(
      path.join(project, 'models/marts/order_numbers.sql'),
      '{{forge_utils.generate_series 3}}\n',
    );
    const build = await run('npm', ['run', 'build', '--silent'], project);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toMatch(/OK +table marts\.order_numbers \[3 rows/);
    expect(build.stdout).toMatch(/Done in .*: 4 OK, 3 tests passed, 0 warned, 0 failed, 0 errors, 0 skipped/);
  }, 120_000);

  it('the typed API runs from the installed package', async () => {
    const script =
      "import { createForge } from 'forge-sql'; const r = await createForge({ projectDir: '.' }).ls({ select: ['+customer_revenue'], exclude: ['resource_type:test'] }); console.log(r.ids.join(' '));";
    const r = await run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.stdout.trim(), r.stderr).toBe(
      'seed.shop_analytics.raw_orders model.shop_analytics.stg_orders model.shop_analytics.customer_revenue',
    );
    const types = await readFile(path.join(project, 'node_modules/forge-sql/dist/types/index.d.ts'), 'utf8');
    expect(types).toContain(
      'export declare function createForge(options: ForgeOptions, events?: EventSink): Forge;',
    );
  });
});

describe('the version', () => {
  it("is the forge-sql package's", async () => {
    const manifest = JSON.parse(
      await readFile(path.join(REPO_ROOT, 'packages/forge-sql/package.json'), 'utf8'),
    ) as { version: string };
    expect(FORGE_VERSION).toBe(manifest.version);
  });
});
