/** The shape of the data the site is given (see src/docs/docs-data.ts). */
export type { DocsData, DocsNode, MlVersion, RunSpan } from '../../src/docs/docs-data.js';
