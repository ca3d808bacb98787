/** The browser build of src/graph/dag.ts: graphlib (cycle paths) is never needed in the docs site. */
export function createRequire(): never {
  throw new Error('not available in the browser');
}
