/**
 * The static docs site: one HTML file under target/docs/ that opens from file:// with no server and
 * no network — the bundled front end (dist/web/docs.js, built from web/docs/) and the data inlined.
 * `forge serve` serves the same page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGET_DIR } from '../compile/target-paths.js';
import type { DocsData } from './docs-data.js';

/**
 * A bundled front end (<package>/dist/web/<name>.js), found from wherever this module runs: the package's
 * dist/, or this repository's dist/docs or src/docs (then in packages/forge-sql/dist/web).
 */
const bundles = new Map<string, string>();

export function webBundle(name: 'docs' | 'dashboard'): string {
  const cached = bundles.get(name);
  if (cached !== undefined) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [
      path.join(dir, 'web', `${name}.js`),
      path.join(dir, 'packages', 'forge-sql', 'dist', 'web', `${name}.js`),
    ]) {
      if (existsSync(candidate)) {
        const bundle = readFileSync(candidate, 'utf8');
        bundles.set(name, bundle); // read once per process: `forge serve` sends it on every page load
        return bundle;
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error(
    `the ${name} front end is not built (dist/web/${name}.js): run npm run build in the Forge repository`,
  );
}

/** JSON safe inside a <script> element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function page(title: string, bundle: string, data: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/</g, '&lt;')}</title>
</head>
<body>
<div id="app"></div>
<script id="forge-data" type="application/json">${inlineJson(data)}</script>
<script>${bundle.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

export function docsPage(data: DocsData): string {
  return page(`${data.project} — Forge docs`, webBundle('docs'), data);
}

export async function writeDocsSite(projectDir: string, data: DocsData): Promise<string> {
  const file = path.join(projectDir, TARGET_DIR, 'docs', 'index.html');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, docsPage(data));
  return file;
}
