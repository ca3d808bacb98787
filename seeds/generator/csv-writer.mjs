// Buffered CSV files: one fixed byte buffer per file, written out when full, so memory stays bounded
// at any scale and finished lines never linger as strings (which kept the garbage collector busy).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

const BUFFER_BYTES = 1 << 18;

export function csvValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return text.indexOf(',') === -1 && text.indexOf('"') === -1 && text.indexOf('\n') === -1 && text.indexOf('\r') === -1
    ? text : `"${text.replace(/"/g, '""')}"`;
}

export class CsvFiles {
  constructor(root) { this.root = root; this.files = new Map(); this.rows = new Map(); }

  /** Appends a row to `<root>/<table>/<table>_<bucket>.csv` (header written on creation). */
  write(table, bucket, header, values) {
    let byBucket = this.files.get(table);
    if (!byBucket) { byBucket = new Map(); this.files.set(table, byBucket); }
    let file = byBucket.get(bucket);
    if (!file) {
      const dir = path.join(this.root, table);
      mkdirSync(dir, { recursive: true });
      file = { fd: openSync(path.join(dir, `${table}_${bucket}.csv`), 'w'), buffer: Buffer.allocUnsafe(BUFFER_BYTES), used: 0 };
      byBucket.set(bucket, file);
      this.append(file, `${header.join(',')}\n`);
    }
    let line = csvValue(values[0]);
    for (let i = 1; i < values.length; i++) line += `,${csvValue(values[i])}`;
    this.append(file, `${line}\n`);
    this.rows.set(table, (this.rows.get(table) ?? 0) + 1);
  }

  append(file, text) {
    if (file.used + text.length * 3 > BUFFER_BYTES) this.flush(file);
    if (text.length * 3 > BUFFER_BYTES) { writeSync(file.fd, text); return; }
    file.used += file.buffer.write(text, file.used);
  }

  flush(file) {
    if (file.used > 0) writeSync(file.fd, file.buffer, 0, file.used);
    file.used = 0;
  }

  close() {
    for (const byBucket of this.files.values()) for (const file of byBucket.values()) { this.flush(file); closeSync(file.fd); }
    this.files.clear();
  }

  counts() { return Object.fromEntries([...this.rows].sort()); }
}
