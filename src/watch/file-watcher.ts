/**
 * The only user of chokidar. Watches a project's inputs and reports batches of changed paths: saves
 * that arrive within `settleMs` of each other (an editor writing several files, a formatter running
 * after a save) become one batch.
 */
import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { DEFAULT_PATHS, type ProjectPaths } from '../project/project-file.js';

export interface ProjectWatcher {
  /** Resolves once the initial scan is done and changes are being reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** What a watcher watches: the project's input folders (as configured, else the defaults) and project.yml. */
export function projectInputs(p: ProjectPaths = DEFAULT_PATHS): string[] {
  return [p.models, p.macros, p.seeds, p.snapshots, p.ml, 'project.yml'];
}

const IGNORED = /(^|[/\\])(\.forge|target|node_modules|\.git)([/\\]|$)/;
/** Only project inputs count: editors' and tools' temporary files (sed's, vim's) do not start a build. */
const INPUT = /\.(sql|ya?ml|csv)$/;

export function watchProject(
  projectDir: string,
  entries: readonly string[],
  onBatch: (files: string[]) => void,
  settleMs = 30,
): ProjectWatcher {
  const watcher: FSWatcher = watch(
    entries.map((e) => path.join(projectDir, e)),
    {
      ignoreInitial: true,
      ignored: (file: string) => IGNORED.test(path.relative(projectDir, file)),
    },
  );
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const files = [...pending].map((f) => path.relative(projectDir, f).split(path.sep).join('/')).sort();
    pending = new Set();
    if (files.length > 0) onBatch(files);
  };
  for (const event of ['add', 'change', 'unlink'] as const) {
    watcher.on(event, (file: string) => {
      if (!INPUT.test(file)) return;
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, settleMs);
    });
  }
  // chokidar's 'ready' can come before the last directory watches are live (seen here with 10,000
  // files in 20 folders: a save 300 ms after 'ready' was sometimes missed), so give them a moment.
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => setTimeout(resolve, 400)));
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
