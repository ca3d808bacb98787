// The watcher under hostile input and competition, through real processes: a line on its socket that
// is not a request gets FRG2030 and the watcher keeps running; a second watcher, or one that cannot
// open the warehouse, exits 1 and leaves the first one's socket alone.
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../helpers/cli-process.js';
import { copyFixture, forge } from '../helpers/project.js';

const running: CliProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill();
});

const start = (dir: string): CliProcess => {
  const p = new CliProcess(dir, ['build', '--watch']);
  running.push(p);
  return p;
};

/** Sends raw text on the watcher's socket; resolves with everything it answered before closing. */
function sendRaw(socket: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = net.connect(socket);
    let answer = '';
    client.on('connect', () => client.write(text));
    client.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    client.on('close', () => resolve(answer));
    client.on('error', reject);
  });
}

describe('the watch relay under bad input and a second watcher', () => {
  it('answers a line that is not a request with FRG2030 and keeps running; a second watcher exits 1 and touches nothing', async () => {
    const dir = await copyFixture('mini');
    const first = start(dir);
    await first.waitFor(/watch: watching for changes/, 0, 60_000);
    const socket = path.join(dir, '.forge/mini.duckdb.watch.sock');

    for (const line of [
      'this is not json',
      '{"selection": 1}',
      '{"selection": {}, "run": {"command": "drop everything"}}',
    ]) {
      const answer = await sendRaw(socket, `${line}\n`);
      expect(answer).toMatch(
        /"code":"FRG2030","severity":"error","message":"the watcher could not read the request: [^"]+"/,
      );
      expect(answer).toMatch(/\{"code":1\}\n$/);
    }
    expect(await sendRaw(socket, 'not json\n')).toContain(
      'the watcher could not read the request: the line is not JSON',
    );

    const inode = statSync(socket).ino;
    const second = start(dir);
    expect(await second.exited).toBe(1);
    expect(second.output).toMatch(
      /FRG2001 the DuckDB file .*mini\.duckdb is held by `forge build --watch` \(PID \d+/,
    );
    expect(second.output).not.toMatch(/initial build|watching for changes/);
    expect(statSync(socket).ino).toBe(inode);

    // the first watcher is alive and still takes commands
    const relayed = await forge(dir, 'build', '-s', 'stg_orders');
    expect(relayed.stderr).toMatch(/through the running watcher/);
    expect(relayed.code).toBe(0);
    first.key('q');
    expect(await first.exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  }, 120_000);

  it('exits 1 with FRG2002 when the warehouse cannot be opened, and listens on nothing', async () => {
    const dir = await copyFixture('mini');
    await mkdir(path.join(dir, '.forge'), { recursive: true });
    await writeFile(path.join(dir, '.forge/mini.duckdb'), 'this is not a DuckDB file\n'.repeat(200));
    const watcher = start(dir);
    expect(await watcher.exited).toBe(1);
    expect(watcher.output).toMatch(/FRG2002 cannot open the DuckDB file .*mini\.duckdb/);
    expect(existsSync(path.join(dir, '.forge/mini.duckdb.watch.sock'))).toBe(false);
  }, 60_000);
});
