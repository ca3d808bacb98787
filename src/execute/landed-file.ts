/**
 * What Forge reads of a landed file on this machine without loading it: its size and modification
 * time (cheap, every build), its content hash (only when those differ from the load history's), and
 * a CSV's header line.
 */
import { createHash } from 'node:crypto';
import { createReadStream, closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ConfigValue } from '../core/config.js';
import { checkCsv } from '../materializations/seed-plan.js';

/** A landed file as found this build (`file` relative to the project). */
export interface LandedFile {
  readonly file: string;
  readonly size: number;
  /** Whole milliseconds since the epoch. */
  readonly modifiedMs: number;
  /** SHA-256 of the content, hex; read only when the size or time differ from the history's. */
  readonly hash?: string;
}

export function statLanded(absolute: string, file: string): LandedFile {
  // nanoseconds as a bigint: the float mtimeMs can land either side of a whole millisecond
  const stat = statSync(absolute, { bigint: true });
  return { file, size: Number(stat.size), modifiedMs: Number(stat.mtimeNs / 1_000_000n) };
}

export function hashFile(absolute: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absolute)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The delimiter a source's CSV options name (DuckDB's `delim`/`sep`), `,` by default; undefined when the files have no header. */
export function csvDelimiter(options: Readonly<Record<string, ConfigValue>>): string | undefined {
  if (options['header'] === false) return undefined;
  const named = options['delim'] ?? options['sep'] ?? options['delimiter'];
  return typeof named === 'string' && named.length > 0 ? named : ',';
}

/** A CSV's header fields (quoted fields included, trimmed), read without loading the file; none when the file holds only whitespace. */
export function readCsvHeader(absolute: string, delimiter = ','): string[] {
  const fd = openSync(absolute, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const head = buffer
      .subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    if (head.trim() === '') return [];
    // the same CSV reading as seeds
    return checkCsv(head.split(/\r?\n/)[0] ?? '', delimiter).header.map((h) => h.trim());
  } finally {
    closeSync(fd);
  }
}
