/** Watch mode's fast path: patching the last manifest with saved model templates gives what a full parse gives. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/forge.js';
import { fingerprintOf, fingerprints } from '../../src/parser/node-fingerprint.js';
import { patchProject } from '../../src/parser/patch-project.js';
import { copyFixture } from '../helpers/project.js';

describe('patching a parse with saved model templates', () => {
  it('equals a full parse: the node, its edges and its fingerprint', async () => {
    const dir = await copyFixture('state');
    const before = await parse({ projectDir: dir });
    const file = 'models/marts/customer_totals.sql';
    const text = `{{config materialized="view" tags="edited"}}\n${(await readFile(path.join(dir, file), 'utf8')).replace('left join', 'left join {{ref "big_orders"}} b on true\nleft join')}`;
    await writeFile(path.join(dir, file), text);
    const patched = patchProject(before.patch!, before.manifest!, [{ path: file, text }]);
    expect(patched).toBeDefined();
    expect(patched?.edgesChanged).toBe(true);
    const full = await parse({ projectDir: dir });
    const id = 'model.shop_state.customer_totals';
    expect(patched?.manifest.nodes.get(id as never)).toEqual(full.manifest?.nodes.get(id as never));
    expect(fingerprintOf(patched!.manifest, patched!.manifest.nodes.get(id as never)!)).toBe(
      fingerprints(full.manifest!).get(id as never),
    );
  });

  it('falls back to a full parse for anything but existing model templates', async () => {
    const dir = await copyFixture('state');
    const before = await parse({ projectDir: dir });
    expect(
      patchProject(before.patch!, before.manifest!, [
        { path: 'models/marts/new_model.sql', text: 'select 1' },
      ]),
    ).toBeUndefined();
    // a renamed model (name from the file) is not the same node
    expect(
      patchProject(before.patch!, before.manifest!, [
        { path: 'models/marts/customer_totals.sql', text: '{{config enabled=false}}\nselect 1' },
      ]),
    ).toBeUndefined();
    // a broken template keeps the last good manifest and reports the error
    const broken = patchProject(before.patch!, before.manifest!, [
      { path: 'models/marts/customer_totals.sql', text: 'select {{ref "x"' },
    ]);
    expect(broken?.manifest).toBe(before.manifest);
    expect(broken?.diagnostics[0]?.code).toBe('FRG1201');
  });
});
