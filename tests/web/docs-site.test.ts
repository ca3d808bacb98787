/**
 * The static docs site in a real browser (Debian chromium): it opens from file:// with no console
 * errors and no network, the graph shows every node, clicking a node opens its page, the selection
 * grammar highlights, the run timeline and the ML pages render.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { copyExampleProject, forge, REPO_ROOT } from '../helpers/project.js';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';

let browser: Browser;
let site: string;
let nodeCount: number;

beforeAll(async () => {
  const dir = await copyExampleProject();
  expect((await forge(dir, 'build', '-q')).code).toBe(0);
  const docs = await forge(dir, 'docs', 'generate');
  expect(docs.code, docs.stderr).toBe(0);
  site = path.join(dir, 'target/docs/index.html');
  const html = await readFile(site, 'utf8');
  const data = JSON.parse(
    /<script id="forge-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}',
  ) as { nodes: { resourceType: string }[] };
  nodeCount = data.nodes.filter((n) => n.resourceType !== 'unit_test').length;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('forge docs generate', () => {
  it("writes target/catalog.json valid against dbt's catalog v1 schema, with the warehouse's column types", async () => {
    const catalog = JSON.parse(
      await readFile(path.join(path.dirname(path.dirname(site)), 'catalog.json'), 'utf8'),
    ) as { nodes: Record<string, { columns: Record<string, { type: string }> }> };
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(
      JSON.parse(await readFile(path.join(REPO_ROOT, 'tests/schemas/catalog-v1.json'), 'utf8')) as object,
    );
    expect(validate(catalog), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(catalog.nodes['model.forge_shop.fact_sales']?.columns['gross_revenue']?.type).toMatch(/DECIMAL/);
  });
});

describe('the docs site (file://, chromium)', () => {
  it('loads with no console errors and no network, and the graph shows every node', async () => {
    const { page, errors } = await watchedPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`file://${site}`);
    await page.waitForSelector('svg.lineage g.node');
    expect(await page.locator('svg.lineage g.node').count()).toBe(nodeCount);
    expect(nodeCount).toBeGreaterThan(100);
    for (const layer of ['sources', 'bronze', 'silver', 'gold', 'features', 'ml', 'tests'])
      expect(await page.locator(`svg.lineage g.node[data-layer="${layer}"]`).count()).toBeGreaterThan(0);
    await screenshot(page, 'docs-overview');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('clicking a node opens its page: columns with warehouse types, tests, SQL', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`file://${site}`);
    await page.locator('svg.lineage g.node[data-name="fact_sales"]').click();
    await page.waitForSelector('[data-page=node][data-id="model.forge_shop.fact_sales"]');
    const columns = await page.locator('[data-table=columns] tbody tr').allTextContents();
    expect(columns.some((c) => /gross_revenue\s*DECIMAL/.test(c))).toBe(true);
    expect(await page.locator('[data-code=raw]').textContent()).toContain('{{ref "stg_order_items"}}');
    expect(await page.locator('[data-code=compiled]').textContent()).toContain('silver.stg_order_items');
    await page
      .locator('a.node-link', { hasText: 'unique_combination_of_columns_fact_sales' })
      .first()
      .click();
    await page.waitForSelector(
      '[data-page=node][data-id^="test.forge_shop.unique_combination_of_columns_fact_sales"]',
    );
    await screenshot(page, 'docs-node');
    expect(errors).toEqual([]);
  });

  it('the selection grammar highlights what it selects; the run timeline and ML pages render', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`file://${site}`);
    await page.fill('#selector', '+fact_sales');
    const lit = await page
      .locator('svg.lineage g.node:not(.dim)')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(lit).toContain('fact_sales');
    expect(lit).toContain('stg_order_items');
    expect(lit).not.toContain('daily_sales');
    await page.fill('#selector', 'resource_type:ml');
    expect(await page.locator('svg.lineage g.node:not(.dim)').count()).toBe(3);
    await page.goto(`file://${site}#/run`);
    expect(Number(await page.locator('svg.timeline').getAttribute('data-spans'))).toBeGreaterThan(100);
    await screenshot(page, 'docs-run');
    await page.goto(`file://${site}#/ml/churn_model`);
    await page.waitForSelector('[data-page=ml] canvas[data-chart=roc]');
    for (const chart of ['roc', 'pr', 'reliability', 'importance']) {
      const points = await page
        .locator(`canvas[data-chart=${chart}]`)
        .evaluate(
          (c) =>
            (c as unknown as { chart?: { data: { datasets: { data: unknown[] }[] } } }).chart?.data
              .datasets[0]?.data.length ?? 0,
        );
      expect(points, chart).toBeGreaterThan(2);
    }
    expect(await page.locator('[data-table=confusion] tbody tr').count()).toBe(2);
    await screenshot(page, 'docs-ml');
    expect(errors).toEqual([]);
  });
});
