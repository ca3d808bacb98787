/** Reads and validates project.yml and resolves the chosen target. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { PROJECT_FILE, parseProjectFile, type ProjectFile } from '../project/project-file.js';
import { resolveTarget, type Target } from '../project/targets.js';

export interface ForgeOptions {
  /** The project directory (holding project.yml). */
  readonly projectDir: string;
  /** Target name; project.yml's `target:` (default `dev`) when absent. */
  readonly target?: string;
  /** Overrides for project vars (`--vars`). */
  readonly vars?: Readonly<Record<string, ConfigValue>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Injected clock and id generator, for deterministic artifacts in tests. */
  readonly now?: () => Date;
  readonly newId?: () => string;
}

interface LoadedProject {
  readonly projectDir: string;
  readonly project: ProjectFile;
  readonly target: Target;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function loadProject(
  options: ForgeOptions,
): Promise<{ loaded?: LoadedProject; diagnostics: Diagnostic[] }> {
  const projectDir = path.resolve(options.projectDir);
  let text: string;
  try {
    text = await readFile(path.join(projectDir, PROJECT_FILE), 'utf8');
  } catch {
    return {
      diagnostics: [
        diagnostic(
          Codes.projectMissing,
          `no ${PROJECT_FILE} in ${projectDir}`,
          undefined,
          'run forge in a project directory, pass --project-dir, or create one with forge init <dir>',
        ),
      ],
    };
  }
  const { project, diagnostics } = parseProjectFile(text);
  if (!project || hasErrors(diagnostics)) return { diagnostics };
  const env = options.env ?? process.env;
  const resolved = resolveTarget({
    projectDir,
    projectName: project.name,
    targets: project.targets,
    name: options.target ?? project.defaultTarget,
    env,
    file: PROJECT_FILE,
    locations: project.targetLocations,
  });
  diagnostics.push(...resolved.diagnostics);
  if (!resolved.target || hasErrors(diagnostics)) return { diagnostics };
  const vars = { ...project.vars, ...(options.vars ?? {}) };
  return { loaded: { projectDir, project, target: resolved.target, vars, env }, diagnostics };
}
