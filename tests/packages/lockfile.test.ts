/**
 * The committed lockfile installs as it is on a fresh clone: `npm ci` accepts it (it refuses a lockfile
 * out of sync with the package.json files, e.g. a workspace package added without it), and it lists
 * the DuckDB binding of every platform, not only this machine's.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

describe('package-lock.json', () => {
  it('is in sync with every package.json (npm ci --dry-run accepts it)', () => {
    const r = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
  });

  it('holds the DuckDB binding of each platform', async () => {
    const lock = JSON.parse(await readFile(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const bindings = Object.keys(lock.packages)
      .filter((p) => p.startsWith('node_modules/@duckdb/node-bindings-'))
      .map((p) => p.slice('node_modules/@duckdb/node-bindings-'.length))
      .sort();
    expect(bindings).toEqual([
      'darwin-arm64',
      'darwin-x64',
      'linux-arm64',
      'linux-arm64-musl',
      'linux-x64',
      'linux-x64-musl',
      'win32-arm64',
      'win32-x64',
    ]);
  });
});
