/**
 * Writes target/manifest.json and target/compiled/**.sql. The manifest is streamed node by node and
 * compiled files go to a writer thread in batches, so memory stays bounded at 100,000 models.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { NodeId } from '../core/ids.js';
import type { FileWriter } from './file-writer.js';
import type { Manifest } from '../parser/manifest.js';
import { writeStateFile } from '../state/state-file.js';
import {
  lineageMaps,
  macroJson,
  unitTestJson,
  manifestMetadata,
  nodeJson,
  sourceJson,
  type ManifestMeta,
} from './manifest-json.js';
import { TARGET_DIR, compiledPathOf } from '../compile/target-paths.js';

/**
 * Streams target/manifest.json. `sqlOf` gives a node's compiled SQL (rendered on demand, so a
 * 100,000-model compile never holds every compiled query); each one also goes to `files`, when given,
 * as target/compiled/….
 */
export async function writeManifest(
  manifest: Manifest,
  sqlOf: (id: NodeId) => string | undefined,
  meta: ManifestMeta,
  files?: FileWriter,
): Promise<string> {
  const file = path.join(manifest.projectDir, TARGET_DIR, 'manifest.json');
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let buffer = '';
  const write = async (chunk: string): Promise<void> => {
    buffer += chunk;
    if (buffer.length < 1 << 20) return;
    const full = buffer;
    buffer = '';
    if (!out.write(full)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write(`{"metadata":${JSON.stringify(manifestMetadata(manifest, meta))},"nodes":{`);
  let first = true;
  const sources: string[] = [];
  const unitTests: string[] = [];
  for (const node of manifest.nodes.values()) {
    if (node.resourceType === 'source') {
      sources.push(`${JSON.stringify(node.id)}:${JSON.stringify(sourceJson(manifest, node))}`);
      continue;
    }
    if (node.resourceType === 'unit_test') {
      unitTests.push(`${JSON.stringify(node.id)}:${JSON.stringify(unitTestJson(manifest, node))}`);
      continue;
    }
    const sql = sqlOf(node.id);
    const compiledPath = sql === undefined ? undefined : compiledPathOf(manifest, node.id);
    if (sql !== undefined && compiledPath !== undefined)
      files?.add(path.join(manifest.projectDir, compiledPath), `${sql.trim()}\n`);
    const json = nodeJson(manifest, node, sql, compiledPath);
    await write(`${first ? '' : ','}${JSON.stringify(node.id)}:${JSON.stringify(json)}`);
    first = false;
  }
  const macros = [...manifest.macros.values()].map(
    (m) =>
      `${JSON.stringify(`macro.${manifest.project.name}.${m.name}`)}:${JSON.stringify(macroJson(manifest, m))}`,
  );
  await write(
    `},"sources":{${sources.join(',')}},"macros":{${macros.join(',')}},"docs":{},"exposures":{},"metrics":{},"groups":{},"selectors":{},"disabled":{`,
  );
  await writeDisabled(manifest, write);
  const { parents, children } = lineageMaps(manifest);
  await writeMap('parent_map', parents, write);
  await writeMap('child_map', children, write);
  await write(
    `,"group_map":{},"saved_queries":{},"semantic_models":{},"unit_tests":{${unitTests.join(',')}}}`,
  );
  out.end(buffer);
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  await writeStateFile(manifest, path.dirname(file));
  return file;
}

async function writeDisabled(manifest: Manifest, write: (chunk: string) => Promise<void>): Promise<void> {
  let first = true;
  for (const node of manifest.disabled.values()) {
    if (node.resourceType === 'source' || node.resourceType === 'unit_test') continue;
    await write(
      `${first ? '' : ','}${JSON.stringify(node.id)}:[${JSON.stringify(nodeJson(manifest, node, undefined, undefined))}]`,
    );
    first = false;
  }
  await write('}');
}

async function writeMap(
  key: string,
  map: ReadonlyMap<NodeId, NodeId[]>,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  await write(`,"${key}":{`);
  let first = true;
  for (const [id, ids] of map) {
    await write(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(ids)}`);
    first = false;
  }
  await write('}');
}
