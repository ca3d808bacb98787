// Buffered CSV files: one buffer per file, flushed past 1 MiB, so memory stays bounded at any scale.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

const FLUSH_AT = 1 << 18;

export function csvValue(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class CsvFiles {
  constructor(root) { this.root = root; this.files = new Map(); this.rows = new Map(); }

  /** Appends a row to `<root>/<table>/<table>_<bucket>.csv` (header written on creation). */
  write(table, bucket, header, values) {
    const key = `${table}/${bucket}`;
    let file = this.files.get(key);
    if (!file) {
      const dir = path.join(this.root, table);
      mkdirSync(dir, { recursive: true });
      file = { fd: openSync(path.join(dir, `${table}_${bucket}.csv`), 'w'), buffer: `${header.join(',')}\n` };
      this.files.set(key, file);
    }
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvValue(values[i]);
    file.buffer += `${line}\n`;
    this.rows.set(table, (this.rows.get(table) ?? 0) + 1);
    if (file.buffer.length > FLUSH_AT) { writeSync(file.fd, file.buffer); file.buffer = ''; }
  }

  close() {
    for (const file of this.files.values()) { writeSync(file.fd, file.buffer); closeSync(file.fd); }
    this.files.clear();
  }

  counts() { return Object.fromEntries([...this.rows].sort()); }
}
