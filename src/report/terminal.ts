/** Renders events for people (text) or machines (JSON lines). The only place output is formatted. */
import { formatDiagnostic } from '../errors/diagnostic.js';
import type { EventSink, ForgeEvent, NodeDone } from './events.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** A line that replaces the previous progress line (a terminal); absent where only whole lines make sense. */
  progress?(line: string): void;
}

function progressBar(label: string, done: number, total: number): string {
  const share = Math.min(1, done / Math.max(total, 1));
  const width = 30;
  const filled = Math.round(share * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
}

export function terminalReporter(output: Output, format: 'text' | 'json', quiet: boolean): EventSink {
  return (event: ForgeEvent) => {
    if (format === 'json') {
      output.out(JSON.stringify(event));
      return;
    }
    switch (event.type) {
      case 'diagnostic':
        output.err(formatDiagnostic(event.diagnostic));
        return;
      case 'phase':
        // Timings are for --log-format json and the benchmarks; people get the summary line.
        return;
      case 'artifact':
        if (!quiet) output.err(`wrote ${event.path}`);
        return;
      case 'info':
        if (!quiet) output.err(event.message);
        return;
      case 'node-start':
        return;
      case 'progress':
        if (!quiet) output.progress?.(progressBar(event.label, event.done, event.total));
        return;
      case 'node-done':
        if (!quiet || (event.status !== 'success' && event.status !== 'reused')) output.out(nodeLine(event));
        if (event.message && (event.status === 'error' || event.status === 'fail' || event.status === 'warn'))
          output.out(indent(event.message));
        return;
      case 'run-summary':
        output.out(`\nDone in ${(event.ms / 1000).toFixed(2)}s: ${summaryCounts(event)}.`);
        return;
    }
  };
}

const LABEL: Readonly<Record<NodeDone['status'], string>> = {
  success: 'OK   ',
  reused: 'REUSE',
  error: 'ERROR',
  skipped: 'SKIP ',
  pass: 'PASS ',
  warn: 'WARN ',
  fail: 'FAIL ',
};

function nodeLine(event: NodeDone): string {
  const position =
    event.status === 'skipped'
      ? `  - of ${event.total}`
      : `${String(event.index).padStart(3)} of ${event.total}`;
  const what = event.status === 'skipped' ? `${event.name} (${event.message ?? 'skipped'})` : event.what;
  const rows = event.rows === undefined ? '' : `${event.rows} rows in `;
  const tail =
    event.status === 'skipped' ? '' : ` [${rows}${(event.ms / 1000).toFixed(2)}s] (thread ${event.thread})`;
  return `${position} ${LABEL[event.status]} ${what}${tail}`;
}

function summaryCounts(event: Extract<ForgeEvent, { type: 'run-summary' }>): string {
  const parts = [`${event.success} OK`, ...(event.reused > 0 ? [`${event.reused} reused`] : [])];
  if (event.pass + event.warn + event.fail > 0)
    parts.push(`${event.pass} tests passed`, `${event.warn} warned`, `${event.fail} failed`);
  parts.push(`${event.error} error${event.error === 1 ? '' : 's'}`, `${event.skipped} skipped`);
  return parts.join(', ');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
