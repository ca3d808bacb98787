import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { forge, makeProject } from '../helpers/project.js';

describe('forge init', () => {
  it('scaffolds a project that parses and compiles, and refuses to overwrite one', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'forge-init-')), 'my-shop');
    const err: string[] = [];
    expect(await runCli(['init', dir], { out: () => undefined, err: (l) => err.push(l) })).toBe(0);
    expect(err.join('\n')).toContain('created project "my_shop"');
    const compiled = await forge(dir, 'compile');
    expect(compiled.code).toBe(0);
    expect(compiled.stderr).toContain('compiled 5 of');
    expect((await forge(dir, 'init', dir)).stderr).toContain('FRG1902');
  });
});

describe('forge debug', () => {
  it('shows the target with secrets masked', async () => {
    const dir = await makeProject({
      'project.yml':
        'name: p\ntargets:\n  prod: { type: snowflake, account: acme, password: { env: FORGE_TEST_PW } }\n',
    });
    process.env['FORGE_TEST_PW'] = 'super-secret-value';
    try {
      const r = await forge(dir, 'debug', '--target', 'prod');
      // no Snowflake account "acme" answers here: the connection fails, and debug says so with exit 1
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('project.yml FRG2002 target "prod" needs an account and a user');
      expect(r.stdout).toContain('"password":"****"');
      expect(r.stdout).toContain('"account":"acme"');
      expect(r.stdout + r.stderr).not.toContain('super-secret-value');
    } finally {
      delete process.env['FORGE_TEST_PW'];
    }
  });

  it('reports the DuckDB file of the default target', async () => {
    const dir = await makeProject({ 'project.yml': 'name: shop\n' });
    const r = await forge(dir, 'debug');
    expect(r.stdout).toContain('target      dev (duckdb)');
    expect(r.stdout).toContain(`${dir}/.forge/shop.duckdb`);
    expect(r.stdout).toContain('created on the first build');
  });
});
