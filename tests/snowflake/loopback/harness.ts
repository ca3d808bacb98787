/** A loopback server for one test file (started before, stopped after) and fixtures pointed at it. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { copyFixture } from '../../helpers/project.js';
import { LoopbackServer } from './server.js';

export interface Loopback {
  readonly server: LoopbackServer;
  readonly url: string;
  /** A fixture copy with a `loopback` Snowflake target on its own database (tests never collide). */
  fixture(name: string, database: string): Promise<string>;
}

export function useLoopback(): Loopback {
  const state: { server?: LoopbackServer; url?: string } = {};
  beforeAll(async () => {
    state.server = new LoopbackServer({ user: 'forge', password: 'secret' });
    state.url = await state.server.start();
    process.env['FORGE_TEST_SF_PASSWORD'] = 'secret';
  });
  afterAll(async () => {
    await state.server?.stop();
  });
  return {
    get server() {
      return state.server as LoopbackServer;
    },
    get url() {
      return state.url as string;
    },
    fixture: async (name, database) => {
      const dir = await copyFixture(name);
      const yml = await readFile(path.join(dir, 'project.yml'), 'utf8');
      const target =
        `  loopback:\n    type: snowflake\n    account: loopback\n    user: forge\n    password: { env: FORGE_TEST_SF_PASSWORD }\n` +
        `    role: TRANSFORMER\n    warehouse: FORGE_WH\n    database: ${database}\n    schema: DEV\n    access_url: ${state.url}\n`;
      const text = yml.includes('targets:')
        ? yml.replace('targets:\n', `targets:\n${target}`)
        : `${yml}\ntargets:\n  dev: { type: duckdb }\n${target}`;
      await writeFile(path.join(dir, 'project.yml'), text);
      return dir;
    },
  };
}
