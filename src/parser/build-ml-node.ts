/** An ML node from its definition (ml/*.yml): schema `ml` unless configured, tagged `ml`. */
import { mergeConfigs } from '../core/config.js';
import { nodeId } from '../core/ids.js';
import type { MlNode } from '../core/nodes.js';
import type { MlSpec } from '../core/ml-spec.js';
import type { ProjectFile } from '../project/project-file.js';
import { sha256 } from '../core/hash.js';
import { relationFor, type NamingContext } from './relation-naming.js';

/** The definition without source positions: what the node's checksum (and retraining digest) covers. */
export function specFingerprint(spec: MlSpec): string {
  return JSON.stringify(spec, (key, value: unknown) =>
    key === 'location' || key === 'file' ? undefined : value,
  );
}

export function buildMl(spec: MlSpec, project: ProjectFile, naming: NamingContext): MlNode {
  const config = mergeConfigs({ materialized: 'ml', schema: 'ml', tags: ['ml', ...spec.tags] });
  return {
    id: nodeId('ml', project.name, spec.name),
    resourceType: 'ml',
    name: spec.name,
    fqn: [project.name, 'ml', spec.name],
    file: spec.file,
    config,
    description: spec.description,
    columns: [],
    checksum: sha256(specFingerprint(spec)),
    relation: relationFor(naming, config, spec.name),
    spec,
    facts: {
      refs: [{ name: spec.training.name, location: spec.training.location }],
      sources: [],
      config: {},
      macros: [],
      vars: [],
      envVars: [],
    },
    dependsOn: [],
    location: spec.location,
  };
}
