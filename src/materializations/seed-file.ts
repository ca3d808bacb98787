/**
 * A seed file as the warehouse will read it. Editors leave CSVs with mixed line endings (a CRLF
 * file with one LF line where a row was pasted); DuckDB's sniffer rejects those with a page of
 * text while dbt loads them, so such a file is loaded from a copy with LF endings. Text that is
 * not UTF-8, and CSV errors DuckDB still finds, become one FRG2004 line with the file's line.
 */
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';

/** The text with every line ending LF, when the file mixes CRLF, LF and lone CR; undefined when it is uniform. */
export function normalizedLineEndings(text: string): string | undefined {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  const uniform = cr === 0 || (crlf === cr && crlf === lf);
  return uniform ? undefined : text.replace(/\r\n?/g, '\n');
}

/** The 1-based line of the first byte sequence that is not UTF-8, or undefined when the file is UTF-8. */
export function firstNonUtf8Line(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    return at === -1 ? 1 : text.slice(0, at).split('\n').length;
  }
}

export function nonUtf8Problem(file: string, line: number): Diagnostic {
  return diagnostic(
    Codes.seedMalformed,
    `malformed CSV: line ${line} is not UTF-8 text`,
    { file, line },
    'save the file as UTF-8 (most editors: "Save with encoding")',
  );
}

/**
 * A warehouse error that is about reading the CSV, as one located FRG2004 line (the first line of
 * the driver's text; DuckDB's own list of sniffer options is left out), or undefined for any other error.
 */
export function csvReadProblem(error: unknown, file: string): Diagnostic | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/CSV Error|sniffing file|parsing dialect/i.test(message)) return undefined;
  const line = /CSV Error on Line: (\d+)/i.exec(message)?.[1];
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const reason =
    lines.find(
      (l, i) =>
        !(i === 0 && /CSV Error on Line|Error when sniffing/i.test(l)) && !l.startsWith('Original Line:'),
    ) ??
    lines[0] ??
    message;
  const hint = /convert/i.test(reason)
    ? "fix the value on that line, or the column's type in the seed's column_types"
    : "check the delimiter (the seed's delimiter config), the quoting, and that every row has the header's fields";
  return diagnostic(
    Codes.seedMalformed,
    `malformed CSV${line ? `: line ${line}` : ''}: ${reason}`,
    { file, ...(line ? { line: Number(line) } : {}) },
    hint,
  );
}
