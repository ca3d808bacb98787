import type { Warehouse } from '../adapters/adapter.js';
import type { Compiler } from '../compile/compile.js';
import type { Manifest } from '../parser/manifest.js';
import type { NodeId } from '../core/ids.js';
import type { Relation } from '../core/relation.js';
import type { EventSink } from '../report/events.js';
import type { Generations } from './generations.js';

/** What every node run shares. */
export interface RunContext {
  /** The run's invocation id (run_results.json; Snowflake query tags). */
  readonly runId: string;
  readonly manifest: Manifest;
  readonly warehouse: Warehouse;
  readonly compiler: Compiler;
  readonly fullRefresh: boolean;
  /** The run's start time: snapshot validity, microbatch windows. */
  readonly now: Date;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  readonly events: EventSink;
  /** Messages already logged once this run (e.g. the dynamic_table mapping). */
  readonly loggedOnce: Set<string>;
  /** `forge clone`: where each selected node's relation comes from. */
  readonly cloneFrom?: ReadonlyMap<NodeId, Relation>;
  /** What each relation's content was when its consumers last ran (reuse of unchanged nodes; ML digests). */
  readonly generations?: Generations;
}

export interface NodeOutcome {
  readonly what: string;
  readonly rows?: number;
  readonly sql?: string;
  /** For microbatch: one entry per window. */
  readonly batches?: readonly (readonly [string, string])[];
  /** The relation is as it was before the run (an incremental model that merged nothing; an ML node not retrained). */
  readonly unchanged?: boolean;
  /** The run changed the relation only by merging rows staged one per unique key (merge, delete+insert). */
  readonly merged?: boolean;
  /** Kept with the node's generation (an ML node's training-data digest). */
  readonly detail?: string;
}
