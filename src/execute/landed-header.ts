/**
 * A landed CSV's header against the columns its table expects. Loads match columns by name, so a
 * header that renamed or dropped a column would load NULLs into it without a word: every file must
 * have each column the table already has (for a first load, the first file's, in name order), and
 * each declared column. A file may add columns: the table gains them, earlier rows have them empty.
 */
import type { RelationState } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../errors/diagnostic.js';

/** What a header is checked against: columns, and whose they are (the table, or the first file of a first load). */
interface Reference {
  readonly columns: readonly string[];
  readonly of: string;
}

const plural = (names: readonly string[]): string =>
  `column${names.length === 1 ? '' : 's'} ${names.join(', ')}`;

function lacking(have: readonly string[], wanted: readonly string[]): string[] {
  const set = new Set(have.map((c) => c.toLowerCase()));
  return wanted.filter((c) => !set.has(c.toLowerCase()));
}

function headerProblem(
  source: SourceNode,
  file: string,
  header: readonly string[],
  reference: Reference,
  table: string,
): Diagnostic | undefined {
  const missing = lacking(header, reference.columns);
  const undeclared = lacking(
    missing,
    lacking(
      header,
      source.columns.map((c) => c.name),
    ),
  );
  if (missing.length === 0 && undeclared.length === 0) return undefined;
  const unexpected = lacking(reference.columns, header);
  const parts = [
    ...(missing.length > 0
      ? [
          `${plural(missing)} of ${reference.of}${unexpected.length > 0 ? ` (it has ${unexpected.join(', ')}, which ${reference.of} does not)` : ''}`,
        ]
      : []),
    ...(undeclared.length > 0
      ? [`${plural(undeclared)} declared for ${source.sourceName}.${source.tableName}`]
      : []),
  ];
  return diagnostic(
    Codes.landedHeaderMismatch,
    `the header of ${file} lacks ${parts.join(' and ')}`,
    { file, line: 1 },
    `a renamed or dropped column would load as NULLs, so nothing of this batch was loaded: fix the file's header, or, if the feed changed for good, change ${table} to match (alter table … rename column …) and the models that read it`,
  );
}

/** Throws one coded error per file whose header lacks an expected column; `tableColumns` undefined when the table does not exist yet. */
export function checkHeaders(
  source: SourceNode,
  headers: ReadonlyMap<string, readonly string[]>,
  tableColumns: readonly string[] | undefined,
  table: string,
): void {
  const [first] = headers;
  if (!first) return;
  const reference: Reference = tableColumns
    ? { columns: tableColumns, of: table }
    : { columns: first[1], of: first[0] };
  const problems = [...headers]
    .map(([file, header]) => headerProblem(source, file, header, reference, table))
    .filter((d): d is Diagnostic => d !== undefined);
  if (problems.length > 0) throw new ForgeError(problems);
}

const LOAD_COLUMNS = new Set(['_source_file', '_loaded_at']);

/** A raw table's columns from the files (what loads add to each row left out). */
export function fileColumns(table: RelationState): string[] {
  return table.columns.map((c) => c.name).filter((c) => !LOAD_COLUMNS.has(c.toLowerCase()));
}

/** Header columns the table does not have yet, in first-seen order. */
export function newColumns(table: RelationState, headers: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set(table.columns.map((c) => c.name.toLowerCase()));
  return [...headers.values()]
    .flat()
    .filter((c) => !seen.has(c.toLowerCase()) && seen.add(c.toLowerCase()) !== undefined);
}
