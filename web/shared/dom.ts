/** A small, typed DOM builder (no framework: the front end is a few hundred lines). */
type Child = Node | string | number | null | undefined | false;
type Attrs = Readonly<Record<string, string | number | boolean | EventListener | undefined>>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Child[]): void {
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
}

export const svgNs = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number>> = {},
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

export function table(
  columns: readonly string[],
  rows: readonly (readonly Child[])[],
  attrs: Attrs = {},
): HTMLTableElement {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((cell) => h('td', {}, cell))))),
  );
}

export function readData<T>(): T {
  return JSON.parse(document.getElementById('forge-data')?.textContent ?? '{}') as T;
}

export function style(css: string): void {
  document.head.append(h('style', {}, css));
}

export const BASE_CSS = `
:root { --bg: #f7f7f5; --panel: #fff; --ink: #1d2433; --muted: #667085; --line: #e4e7ec; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, Segoe UI, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #1d2433; color: #fff; }
header a { color: #cfd8ff; text-decoration: none; } header h1 { font-size: 16px; margin: 0 12px 0 0; }
input, select, button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; } pre { background: #f1f3f9; padding: 10px; overflow: auto; border-radius: 6px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.muted { color: var(--muted); } .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #eef; font-size: 12px; }
.pass, .success { color: #15803d; } .fail, .error { color: #b91c1c; } .warn, .skipped { color: #b45309; }
`;
