/** A warehouse timestamp or date as text (`2025-01-02 10:00:00`, `2025-01-02`), read as UTC. */
export function parseTimestamp(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
}
