/** Typed events core code emits; reporters (terminal, JSON lines) render them. Core never prints. */
import type { Diagnostic } from '../errors/diagnostic.js';

export type ForgeEvent =
  | { readonly type: 'diagnostic'; readonly diagnostic: Diagnostic }
  | { readonly type: 'phase'; readonly phase: string; readonly ms: number; readonly detail?: string }
  | { readonly type: 'artifact'; readonly path: string }
  | { readonly type: 'info'; readonly message: string };

export type EventSink = (event: ForgeEvent) => void;

export const ignoreEvents: EventSink = () => undefined;
