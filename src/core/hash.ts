import { createHash } from 'node:crypto';

/** The hex SHA-256 of a text or buffer: node checksums, fingerprints, generation digests. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
