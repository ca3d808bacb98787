/**
 * The `lookback` config, read once for every place that uses it: a number (days for an incremental
 * watermark, windows for microbatch), an interval (`"3 days"`, `"6 hours"`, `"1 month"`), or `"none"`.
 * Undefined for anything else.
 */
type LookbackUnit = 'minute' | 'hour' | 'day' | 'week' | 'month';

type Lookback =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'interval'; readonly amount: number; readonly unit: LookbackUnit; readonly text: string }
  | { readonly kind: 'none' };

export function parseLookback(value: unknown): Lookback | undefined {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.toLowerCase() === 'none') return { kind: 'none' };
  const match = /^(\d+)\s*(minute|hour|day|week|month)s?$/i.exec(text);
  return match
    ? { kind: 'interval', amount: Number(match[1]), unit: match[2]!.toLowerCase() as LookbackUnit, text }
    : undefined;
}
