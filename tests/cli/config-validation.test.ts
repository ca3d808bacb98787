import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

function projectYml(...lines: string[]): string {
  return ['name: mini', 'vars: { min_amount: 0 }', 'models:', '  +materialized: view', ...lines, ''].join(
    '\n',
  );
}

/** project.yml and its targets are checked against one schema: each problem with its line, column and code. */
describe('project.yml and target values', () => {
  it.each([
    [
      'many',
      'project.yml:8:14 FRG1003 target "dev": threads must be a whole number of 1 or more, got string "many"',
    ],
    ['0', 'project.yml:8:14 FRG1003 target "dev": threads must be a whole number of 1 or more, got number 0'],
    [
      '-3',
      'project.yml:8:14 FRG1003 target "dev": threads must be a whole number of 1 or more, got number -3',
    ],
    [
      '1.5',
      'project.yml:8:14 FRG1003 target "dev": threads must be a whole number of 1 or more, got number 1.5',
    ],
  ])('threads: %s', async (threads, line) => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml('targets:', '  dev:', '    type: duckdb', `    threads: ${threads}`),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(line);
  });

  it('path: 5, paths.models: 5, an unknown target key and a wrong schema_naming', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml(
        'paths:',
        '  models: 5',
        'targets:',
        '  dev:',
        '    type: duckdb',
        '    path: 5',
        '    memroy_limit: 12GB',
        '    schema_naming: prefix',
        '  prod:',
        '    type: snowflake',
        '    memory_limit: 12GB',
      ),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:6:11 FRG1003 paths: models must be a folder (a string, or a list of one string), got number 5',
    );
    expect(r.stderr).toContain('project.yml:10:11 FRG1003 target "dev": path must be a string, got number 5');
    expect(r.stderr).toContain(
      'project.yml:11:5 FRG1003 unknown key "memroy_limit" in target "dev" — did you mean "memory_limit"?',
    );
    expect(r.stderr).toContain(
      'project.yml:12:20 FRG1003 target "dev": schema_naming must be one of plain, prefixed, got string "prefix"',
    );
    // a DuckDB setting on a Snowflake target is unknown there
    expect(r.stderr).toContain('project.yml:15:5 FRG1003 unknown key "memory_limit" in target "prod"');
  });

  it('top-level values of the wrong kind, each reported once', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': [
        'name: mini',
        'vars: [1]',
        'version: [1]',
        'target: [dev]',
        'generator: { module: 5, seed: -1 }',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('FRG'))).toEqual([
      'project.yml:2:7 FRG1003 project.yml: vars must be a mapping, got a list',
      'project.yml:3:10 FRG1003 project.yml: version must be a string, got a list',
      'project.yml:4:9 FRG1003 project.yml: target must be a string, got a list',
      'project.yml:5:22 FRG1003 generator: module must be a string, got number 5',
      'project.yml:5:31 FRG1003 generator: seed must be a whole number of 0 or more, got number -1',
    ]);
  });

  it('paths written as dbt does (a list of one folder) are read', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml('paths:', '  models: [models]', '  seeds: [seeds/]'),
    });
    const r = await forge(dir, 'parse');
    expect(r.stderr).not.toMatch(/FRG\d/);
    expect(r.code).toBe(0);
  });

  it('memory_limit that DuckDB cannot read is FRG2002 where it was set, before DuckDB opens', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml('targets:', '  dev:', '    type: duckdb', '    memory_limit: lots'),
    });
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:8:19 FRG2002 target "dev": memory_limit must be a size like 12GB or 500MiB (or -1: no limit), got string "lots"',
    );
    expect(r.stderr).toContain('hint: e.g. 12GB, 500MiB; -1 for no limit');
  });

  it.each(['1GB', '500 MiB', '-1', '1.5gb'])('memory_limit: %s is a size DuckDB reads', async (size) => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml(
        'targets:',
        '  dev:',
        '    type: duckdb',
        `    memory_limit: ${size}`,
        '    max_temp_directory_size: 2GB',
      ),
    });
    const r = await forge(dir, 'build');
    expect(r.stderr).not.toMatch(/FRG\d/);
    expect(r.code).toBe(0);
  });

  it('a setting read from an environment variable is judged by the same rule', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml(
        'targets:',
        '  dev:',
        '    type: duckdb',
        '    memory_limit: { env: FORGE_TEST_MEMORY }',
        '    threads: { env: FORGE_TEST_THREADS }',
      ),
    });
    process.env['FORGE_TEST_MEMORY'] = 'lots';
    process.env['FORGE_TEST_THREADS'] = 'many';
    try {
      const r = await forge(dir, 'build');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'project.yml:8:19 FRG2002 target "dev": memory_limit (from FORGE_TEST_MEMORY) must be a size like 12GB or 500MiB (or -1: no limit), got string "lots"',
      );
      expect(r.stderr).toContain(
        'project.yml:9:14 FRG1003 target "dev": threads (from FORGE_TEST_THREADS) must be a whole number of 1 or more, got string "many"',
      );
      process.env['FORGE_TEST_MEMORY'] = '1GB';
      process.env['FORGE_TEST_THREADS'] = '2';
      const ok = await forge(dir, 'debug');
      expect(ok.stdout).toContain('threads 2');
    } finally {
      delete process.env['FORGE_TEST_MEMORY'];
      delete process.env['FORGE_TEST_THREADS'];
    }
  });

  it('threads above 64 in a target runs 64, with a warning at its line', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': projectYml('targets:', '  dev:', '    type: duckdb', '    threads: 1000000000'),
    });
    const r = await forge(dir, 'build');
    expect(r.stderr).toContain(
      'project.yml:8:5 warning FRG1904 target "dev": threads 1000000000 is more than Forge runs at once: running 64',
    );
    expect(r.code).toBe(0);
    expect((await forge(dir, 'debug')).stdout).toContain('threads 64');
  });
});

describe('freshness and test thresholds', () => {
  it('a bad freshness is an error where it is written', async () => {
    const dir = await copyFixture('mini', {
      'models/sources.yml': [
        'sources:',
        '  - name: raw',
        '    freshness: { warn_after: { count: 0, period: hours } }',
        '    loaded_at_field: loaded_at',
        '    tables:',
        '      - name: orders',
        '        freshness:',
        '          error_after: 5',
        '      - name: customers',
        '        freshness: { warn_after: { count: 2, period: day, every: 1 } }',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/sources.yml:3:39 FRG1102 warn_after.count must be a whole number of 1 or more, got number 0',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:3:50 FRG1102 warn_after.period must be one of minute, hour, day, got string "hours" — did you mean "hour"?',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:8:24 FRG1102 error_after must be a mapping {count, period}, got number 5',
    );
    expect(r.stderr).toContain('models/sources.yml:10:59 FRG1102 unknown key "every" in warn_after');
    // the source-level freshness is reported once, not once per table
    expect(r.stderr.match(/warn_after\.count/g)).toHaveLength(1);
  });

  it('error_if and warn_if must be comparisons', async () => {
    const dir = await copyFixture('mini', {
      'models/tests.yml': [
        'models:',
        '  - name: stg_orders',
        '    columns:',
        '      - name: order_id',
        '        tests:',
        '          - unique:',
        '              config: { error_if: "lots", warn_if: ">10" }',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /models\/tests\.yml:7:\d+ FRG1102 config "error_if" must be a comparison with a number, like ">10", ">= 5" or "!=0"/,
    );
    expect(r.stderr).not.toContain('warn_if');
  });
});
