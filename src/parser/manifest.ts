import type { ConfigValue } from '../core/config.js';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import type { ProjectFile } from '../project/project-file.js';
import type { Target } from '../project/targets.js';
import type { MacroDefinition } from '../template/macros.js';

/**
 * Everything parse knows about a project: its nodes (models, seeds, sources, tests…) and macros.
 * Model ASTs are not kept: compile re-parses the few templates it renders (the fast scanner makes
 * that cheap), which keeps memory bounded at 100,000 models. Nothing in it changes after parse.
 */
export interface Manifest {
  readonly projectDir: string;
  readonly project: ProjectFile;
  readonly target: Target;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly nodes: ReadonlyMap<NodeId, ForgeNode>;
  /** Nodes switched off with `enabled: false` (kept for the manifest's `disabled` map). */
  readonly disabled: ReadonlyMap<NodeId, ForgeNode>;
  readonly macros: ReadonlyMap<string, MacroDefinition>;
}
