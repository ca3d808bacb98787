/**
 * The dashboard served by `forge serve`, in a real browser: every chart renders with data, a filter
 * changes the numbers, a filter value carrying quotes or SQL only filters, and an empty warehouse
 * shows an explanatory empty state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/serve/server.js';
import { copyExampleProject, forge, query } from '../helpers/project.js';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.js';

let browser: Browser;
let served: Served;
/** The daily_sales mart, read before serving: what the dashboard's revenue cards must add up to. */
let dailySales: { day: string; net: number; gross: number; refunds: number }[];

beforeAll(async () => {
  const dir = await copyExampleProject();
  expect((await forge(dir, 'build', '-q')).code).toBe(0);
  dailySales = (
    await query(
      dir,
      'select cast(order_date as varchar) as day, net_revenue, gross_revenue, refunds from {{ref "daily_sales"}}',
    )
  ).map((r) => ({
    day: String(r['day']),
    net: Number(r['net_revenue']),
    gross: Number(r['gross_revenue']),
    refunds: Number(r['refunds']),
  }));
  served = await serve({ projectDir: dir }, { host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const CHARTS = ['trend', 'categories', 'countries', 'segments', 'churn', 'payments'];

describe('the dashboard (forge serve, chromium)', () => {
  it('renders every KPI and chart with data; the country filter changes the numbers', async () => {
    const { page, errors } = await watchedPage(browser, 1500, 1300);
    await page.goto(`${served.url}/`);
    await page.waitForSelector('[data-kpi=net_revenue]');
    for (const chart of CHARTS) {
      await page.waitForFunction(
        (name) =>
          Boolean(
            (document.querySelector(`canvas[data-chart=${name}]`) as unknown as { chart?: unknown } | null)
              ?.chart,
          ),
        chart,
      );
      const points = await page.locator(`canvas[data-chart=${chart}]`).evaluate((c) => {
        const data =
          (c as unknown as { chart: { data: { datasets: { data: number[] }[] } } }).chart.data.datasets[0]
            ?.data ?? [];
        return data.filter((v) => Number(v) !== 0).length;
      });
      expect(points, chart).toBeGreaterThan(0);
    }
    expect(Number(await page.locator('[data-chart=cohorts]').getAttribute('data-points'))).toBeGreaterThan(
      10,
    );
    expect(await page.locator('[data-table=high-risk] tbody tr').count()).toBeGreaterThan(0);
    const all = Number(await page.locator('[data-kpi=net_revenue]').getAttribute('data-value'));
    expect(all).toBeGreaterThan(0);
    // one meaning of revenue: the cards add up to the daily_sales mart over the same days
    const period = {
      from: await page.locator('#from').inputValue(),
      to: await page.locator('#to').inputValue(),
    };
    const days = dailySales.filter((d) => d.day >= period.from && d.day <= period.to);
    const total = (key: 'net' | 'gross' | 'refunds'): number => days.reduce((sum, d) => sum + d[key], 0);
    expect(all).toBeCloseTo(total('net'), 2);
    expect(Number(await page.locator('[data-kpi=gross_revenue]').getAttribute('data-value'))).toBeCloseTo(
      total('gross'),
      2,
    );
    expect(Number(await page.locator('[data-kpi=refunds]').getAttribute('data-value'))).toBeCloseTo(
      total('refunds'),
      2,
    );
    expect(total('refunds')).toBeGreaterThan(0);
    await screenshot(page, 'dashboard');
    // sorting (all countries: a country may have no high-risk customer) the high-risk table by a column
    await page.locator('[data-table=high-risk] th', { hasText: 'churn_probability' }).click();
    const probabilities = (
      await page.locator('[data-table=high-risk] tbody tr td:nth-child(4)').allTextContents()
    ).map(Number);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    await page.selectOption('#country', 'US');
    await page.waitForSelector('main[data-loaded*="country=US"]');
    const us = Number(await page.locator('[data-kpi=net_revenue]').getAttribute('data-value'));
    expect(us).toBeGreaterThan(0);
    expect(us).toBeLessThan(all);
    await screenshot(page, 'dashboard-us');
    expect(errors).toEqual([]);
  }, 60_000);

  it('a filter value with quotes or SQL in it only filters', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${served.url}/`);
    await page.waitForSelector('[data-kpi=net_revenue]');
    const result = await page.evaluate(async () => {
      const hostile = "US' or 1=1; drop table gold.fact_sales; --";
      const response = await fetch(
        `/api/dashboard?from=2026-01-01&to=2026-10-31&country=${encodeURIComponent(hostile)}&segment=`,
      );
      return { status: response.status, body: (await response.json()) as { kpis: { rows: unknown[] } } };
    });
    expect(result.status).toBe(200);
    expect(result.body.kpis.rows).toEqual([]);
    const after = await page.evaluate(
      async () =>
        (
          (await (await fetch('/api/dashboard?from=2026-01-01&to=2026-10-31&country=&segment=')).json()) as {
            kpis: { rows: unknown[] };
          }
        ).kpis.rows.length,
    );
    expect(after).toBe(2);
    const bad = await page.evaluate(async () => (await fetch("/api/dashboard?from=2026-01-01'&to=x")).status);
    expect(bad).toBe(400);
  });

  it('an empty warehouse shows an explanatory empty state, not a crash', async () => {
    const empty = await serve({ projectDir: await copyExampleProject() }, { host: '127.0.0.1', port: 0 });
    try {
      const { page, errors } = await watchedPage(browser);
      await page.goto(`${empty.url}/`);
      await page.waitForSelector('[data-state=empty]');
      expect(await page.locator('[data-state=empty]').textContent()).toMatch(
        /No data to show yet: .*fact_sales.* not built in target "dev"\. Run `forge build`/,
      );
      await screenshot(page, 'dashboard-empty');
      expect(errors).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
