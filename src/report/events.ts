/** Typed events core code emits; reporters (terminal, JSON lines) render them. Core never prints. */
import type { Diagnostic } from '../errors/diagnostic.js';
import type { AdapterResponse } from '../errors/warehouse-error.js';

export type NodeStatus = 'success' | 'reused' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';

/** Statuses after which dependants may run (a warning does not block). */
export function isOk(status: NodeStatus): boolean {
  return status === 'success' || status === 'reused' || status === 'pass' || status === 'warn';
}

export interface NodeDone {
  readonly type: 'node-done';
  readonly id: string;
  readonly name: string;
  readonly resourceType: string;
  /** What was built, e.g. `table gold.fact_sales`, `incremental merge silver.stg_orders`. */
  readonly what: string;
  readonly status: NodeStatus;
  readonly index: number;
  readonly total: number;
  readonly thread: number;
  readonly ms: number;
  readonly rows?: number;
  readonly message?: string;
  /** A failure the warehouse reported: its code, SQL state and query id. */
  readonly adapterResponse?: AdapterResponse;
}

export type ForgeEvent =
  | { readonly type: 'diagnostic'; readonly diagnostic: Diagnostic }
  | { readonly type: 'phase'; readonly phase: string; readonly ms: number; readonly detail?: string }
  | { readonly type: 'artifact'; readonly path: string }
  | { readonly type: 'info'; readonly message: string }
  | { readonly type: 'progress'; readonly label: string; readonly done: number; readonly total: number }
  | {
      readonly type: 'node-start';
      readonly id: string;
      readonly name: string;
      readonly index: number;
      readonly total: number;
      readonly thread: number;
    }
  | NodeDone
  | {
      readonly type: 'run-summary';
      readonly success: number;
      readonly reused: number;
      readonly error: number;
      readonly skipped: number;
      readonly pass: number;
      readonly warn: number;
      readonly fail: number;
      readonly ms: number;
      readonly statementMs: number;
    };

export type EventSink = (event: ForgeEvent) => void;

export const ignoreEvents: EventSink = () => undefined;
