/** A warehouse timestamp or date as text (`2025-01-02 10:00:00`, `2025-01-02`), read as UTC. */
export function parseTimestamp(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (`2025-02-30` is not: Date would roll it over to March 2). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}
