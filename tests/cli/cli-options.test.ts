import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

/** Command-line options given a missing or bad value: a usage error (exit 2) naming the option. */
describe('command-line option values', () => {
  it.each([
    [['build', '--select'], '--select needs a value'],
    [['build', '--select', '--full-refresh'], '--select needs a value'],
    [['ls', '--exclude'], '--exclude needs a value'],
    [['ls', '-s'], '-s needs a value'],
    [['build', '--threads'], '--threads needs a value'],
    [['ls', '--target', '--quiet'], '--target needs a value'],
    [['ls', '--vars'], '--vars needs a value'],
    [['ls', '--state'], '--state needs a value'],
    [['ls', '--resource-type'], '--resource-type needs a value'],
    [['ls', '--select='], '--select needs a value'],
  ])('%j without a value', async (args, line) => {
    const dir = await copyFixture('mini');
    // forge() appends --project-dir <dir>: the option is followed by another option, as a user would write it
    const r = await forge(dir, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`FRG1901 ${line}`);
    expect(r.stdout).toBe('');
  });

  it('an option with no value at the very end of argv', async () => {
    const dir = await copyFixture('mini');
    const { runCli } = await import('../../src/cli/main.js');
    const err: string[] = [];
    const code = await runCli(['build', '--project-dir', dir, '--select'], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('FRG1901 --select needs a value\n  hint: e.g. --select orders+');
  });

  it.each([
    [['ls', '--log-format', 'xml'], 'FRG1901 --log-format must be text or json, got "xml"'],
    [
      ['ls', '--log-format', 'jsn'],
      'FRG1901 --log-format must be text or json, got "jsn" — did you mean "json"?',
    ],
    [['ls', '--output', 'xml'], 'FRG1901 --output must be name, path, fqn, selector or json, got "xml"'],
    [
      ['ls', '--output', 'jsno'],
      'FRG1901 --output must be name, path, fqn, selector or json, got "jsno" — did you mean "json"?',
    ],
    [['ls', '--resource-type', 'nosuch'], 'FRG1901 --resource-type "nosuch" is not a resource type'],
    [
      ['ls', '--resource-type', 'modle'],
      'FRG1901 --resource-type "modle" is not a resource type — did you mean "model"?',
    ],
    [['build', '--threads', 'many'], 'FRG1901 --threads needs a whole number of 1 or more, got "many"'],
    [['build', '--threads', '0'], 'FRG1901 --threads needs a whole number of 1 or more, got "0"'],
    [['build', '--threads', '-3'], 'FRG1901 --threads needs a whole number of 1 or more, got "-3"'],
    [['build', '--threads', '1.5'], 'FRG1901 --threads needs a whole number of 1 or more, got "1.5"'],
    [
      ['build', '--event-time-start', '2025-02-30'],
      'FRG1901 --event-time-start needs a date like 2025-01-31 or 2025-01-31T06:00:00Z, got "2025-02-30"',
    ],
    [
      ['build', '--event-time-end', 'soon'],
      'FRG1901 --event-time-end needs a date like 2025-01-31 or 2025-01-31T06:00:00Z, got "soon"',
    ],
    [
      ['build', '--event-time-start', '2025-02-01', '--event-time-end', '2025-01-01'],
      'FRG1901 --event-time-start (2025-02-01) must be before --event-time-end (2025-01-01)',
    ],
    [
      ['build', '--event-time-start', '2025-01-01', '--event-time-end', '2025-01-01'],
      'FRG1901 --event-time-start (2025-01-01) must be before --event-time-end (2025-01-01)',
    ],
    [
      ['serve', '--port', 'abc'],
      'FRG1901 --port needs a port number from 1 to 65535 (0: any free port), got "abc"',
    ],
    [
      ['serve', '--port', '70000'],
      'FRG1901 --port needs a port number from 1 to 65535 (0: any free port), got "70000"',
    ],
    [
      ['serve', '--port', '-1'],
      'FRG1901 --port needs a port number from 1 to 65535 (0: any free port), got "-1"',
    ],
  ])('%j is a usage error', async (args, line) => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(line);
  });

  it('--resource-type lists the allowed types and still filters', async () => {
    const dir = await copyFixture('mini');
    const bad = await forge(dir, 'ls', '--resource-type', 'nosuch');
    expect(bad.stderr).toContain('hint: choose from: model, seed, source, test, unit_test, ml');
    const snapshot = await forge(dir, 'ls', '--resource-type', 'snapshot');
    expect(snapshot.stderr).toContain('hint: snapshots are models: --select config.materialized:snapshot');
    const seeds = await forge(dir, 'ls', '--resource-type', 'seed');
    expect(seeds.code).toBe(0);
    expect(seeds.stdout.split('\n').sort()).toEqual(['raw_customers', 'raw_orders']);
  });

  it('--threads above 64 is capped with a warning and the run goes on', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'build', '--threads', '1e9');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('FRG1904 --threads 1000000000 is more than Forge runs at once: running 64');
    expect(r.stdout).toMatch(/Done in .*0 errors/);
  });
});
