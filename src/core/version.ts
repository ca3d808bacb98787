/** Forge's version: the forge-sql package's (packages/forge-sql/package.json; a test keeps them equal). */
export const FORGE_VERSION = '0.1.0';
