/**
 * Which landed files load this build, keyed by name, size and content hash (as Snowflake's COPY load
 * metadata keys by name and MD5): a file the history lacks is new; one whose size and modification
 * time match its history row is trusted unread; any other is hashed — the same hash is the same file
 * (only touched), another is a changed file, reloaded whole. The fingerprint is taken before the
 * load reads the file, so a file still being written when it loaded looks changed the next build.
 */
import path from 'node:path';
import { hashFile, statLanded, type LandedFile } from './landed-file.js';
import type { LoadedFile } from './load-history.js';

export type FileChange =
  | { readonly kind: 'new'; readonly file: LandedFile }
  | {
      readonly kind: 'changed';
      readonly file: LandedFile;
      readonly loaded: LoadedFile;
      readonly reason: string;
    }
  /** Same content, a new modification time: only the history's time is refreshed. */
  | { readonly kind: 'touched'; readonly file: LandedFile }
  | { readonly kind: 'unchanged'; readonly file: LandedFile };

/** Why a changed file reloads, as the log says it. */
function changeReason(found: LandedFile, loaded: LoadedFile): string {
  if (loaded.hash === null) return 'loaded before Forge kept file fingerprints';
  if (loaded.size !== found.size)
    return `changed since its load: ${loaded.size ?? '?'} → ${found.size} bytes`;
  return 'changed since its load: same size, new content';
}

/** A found file against its history row; undefined when only its hash can tell (`found.hash` not read yet). */
function compareFile(found: LandedFile, loaded: LoadedFile | undefined): FileChange | undefined {
  if (!loaded) return found.hash === undefined ? undefined : { kind: 'new', file: found };
  if (loaded.hash !== null && loaded.size === found.size && loaded.modifiedMs === found.modifiedMs)
    return { kind: 'unchanged', file: found };
  if (found.hash === undefined) return undefined;
  if (loaded.hash === found.hash) return { kind: 'touched', file: found };
  return { kind: 'changed', file: found, loaded, reason: changeReason(found, loaded) };
}

const HASH_THREADS = 8;

/** Every file (project-relative) compared with the history, hashing only those whose size or time moved, a few at a time. */
export async function detectChanges(
  projectDir: string,
  files: readonly string[],
  history: ReadonlyMap<string, LoadedFile>,
): Promise<FileChange[]> {
  const found = files.map((f) => statLanded(path.resolve(projectDir, f), f));
  const changes: (FileChange | undefined)[] = found.map((f) => compareFile(f, history.get(f.file)));
  const toHash = changes.flatMap((c, i) => (c === undefined ? [i] : []));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = toHash[next++]; i !== undefined; i = toHash[next++]) {
      const file = found[i] as LandedFile;
      changes[i] = compareFile(
        { ...file, hash: await hashFile(path.resolve(projectDir, file.file)) },
        history.get(file.file),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_THREADS, toHash.length) }, worker));
  return changes as FileChange[];
}
