/**
 * The terminal as an Output. A reader that stops early (`forge ls | head -1`) closes the pipe: the
 * next write fails with EPIPE, which Node raises as an unhandled 'error' event. Forge then stops
 * writing to that stream and lets the command finish, so the exit code is the command's own (0 for
 * a listing) and a build piped into `head` is not cut off halfway.
 */
import type { Output } from '../report/terminal.js';

const closed = new Set<NodeJS.WriteStream>();
let watching = false;

/** Marks a stream closed on EPIPE (and the "write after end" errors that follow it); other errors stay errors. */
function watchForClosedPipes(): void {
  if (watching) return;
  watching = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && !closed.has(stream)) throw error;
      closed.add(stream);
    });
  }
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closed.has(stream)) stream.write(text);
}

/** stdout and stderr, with a progress bar that redraws in place on a terminal. */
export function consoleOutput(): Output {
  watchForClosedPipes();
  return {
    out: (line) => write(process.stdout, `${line}\n`),
    err: (line) => write(process.stderr, `${line}\n`),
    // On a terminal the bar redraws in place; elsewhere (CI logs) every tenth percent gets a line.
    progress: (line) => {
      if (process.stderr.isTTY) write(process.stderr, `\r${line}${line.includes('100%') ? '\n' : ''}`);
      else if (/\s(\d*0|100)% /.test(line)) write(process.stderr, `${line}\n`);
    },
  };
}
