/**
 * Parses model and singular-test templates into their statically extracted facts (the AST is
 * dropped). One pure function per file, so the work can be cached by content or spread over workers.
 */
import type { ConfigValue } from '../core/config.js';
import type { TemplateFacts } from '../core/nodes.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { parseTemplate } from '../template/handlebars-parse.js';
import { extractFacts } from '../template/static-extract.js';
import type { SourceFile } from './project-files.js';

const SINGULAR_TEST_SUFFIX = '.test.sql';

export interface ParsedTemplateFile {
  readonly file: string;
  readonly text: string;
  readonly name: string;
  /** Folders between the resource root and the file. */
  readonly folders: readonly string[];
  readonly kind: 'model' | 'singular-test';
  readonly facts?: TemplateFacts;
  readonly diagnostics: readonly Diagnostic[];
}

export interface TemplateScope {
  readonly root: string;
  readonly macros: ReadonlySet<string>;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function parseTemplateFile(source: SourceFile, scope: TemplateScope): ParsedTemplateFile {
  const relative = source.path.slice(scope.root.length + 1);
  const parts = relative.split('/');
  const base = parts.pop() ?? relative;
  const kind = base.endsWith(SINGULAR_TEST_SUFFIX) ? 'singular-test' : 'model';
  const name = base.slice(0, base.length - (kind === 'model' ? 4 : SINGULAR_TEST_SUFFIX.length));
  const common = { file: source.path, text: source.text, name, folders: parts, kind } as const;
  const parsed = parseTemplate(source.text, source.path);
  if (!parsed.program) return { ...common, diagnostics: parsed.diagnostics };
  const { facts, diagnostics } = extractFacts(parsed.program, {
    file: source.path,
    macros: scope.macros,
    vars: scope.vars,
    env: scope.env,
  });
  return { ...common, facts, diagnostics };
}
