/** Names the template language itself provides (besides user and cross-database macros). */
export const BUILTIN_HELPERS: ReadonlySet<string> = new Set([
  'ref',
  'source',
  'config',
  'var',
  'env_var',
  'is_incremental',
  'array',
  'if',
  'unless',
  'each',
  'with',
  'eq',
  'ne',
  'and',
  'or',
  'not',
  'join',
  'concat',
  'predict',
]);

/** Root names a bare `{{path}}` may start with in a model. */
export const CONTEXT_ROOTS: ReadonlySet<string> = new Set(['this', 'target', 'model', 'project_name']);
