/** A unit test as parsed from YAML (parser/unit-test-spec.ts reads it; execute/run-unit-test.ts runs it). */
import type { ConfigValue } from './config.js';
import type { SourceLocation } from '../errors/diagnostic.js';

export type Row = Readonly<Record<string, ConfigValue>>;

export type InputRef =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'source'; readonly source: string; readonly table: string }
  | { readonly kind: 'this' };

/** Rows inline, CSV text, or a CSV file (CSV is read when the test runs). */
export type Fixture =
  { readonly rows: readonly Row[] } | { readonly csv: string } | { readonly file: string };

export interface UnitGiven {
  readonly input: InputRef;
  /** The input as written (`ref('x')`), for messages and the manifest. */
  readonly text: string;
  readonly fixture: Fixture;
  readonly location: SourceLocation;
}

export interface UnitTestSpec {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  readonly given: readonly UnitGiven[];
  readonly expect: Fixture;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  /** `overrides.macros.is_incremental`; undefined: incremental when `this` is given. */
  readonly isIncremental?: boolean;
  readonly file: string;
  readonly location: SourceLocation;
  readonly expectLocation: SourceLocation;
}
