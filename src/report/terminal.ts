/** Renders events for people (text) or machines (JSON lines). The only place output is formatted. */
import { formatDiagnostic } from '../errors/diagnostic.js';
import type { EventSink, ForgeEvent } from './events.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export function terminalReporter(output: Output, format: 'text' | 'json', quiet: boolean): EventSink {
  return (event: ForgeEvent) => {
    if (format === 'json') {
      output.err(JSON.stringify(event));
      return;
    }
    switch (event.type) {
      case 'diagnostic':
        output.err(formatDiagnostic(event.diagnostic));
        return;
      case 'phase':
        if (!quiet) output.err(`${event.phase.padEnd(8)} ${event.ms.toFixed(0).padStart(6)} ms  ${event.detail ?? ''}`);
        return;
      case 'artifact':
        if (!quiet) output.err(`wrote ${event.path}`);
        return;
      case 'info':
        if (!quiet) output.err(event.message);
        return;
    }
  };
}
