/** The real CLI as a child process (watch mode, schedules): its output, keys, signals. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './project.js';

export class CliProcess {
  output = '';
  protected readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(dir: string, args: string[]) {
    this.child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'packages/forge-sql/bin/forge.js'), ...args, '--project-dir', dir],
      { cwd: REPO_ROOT },
    );
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output after `from` matches; returns that part of the output. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const part = this.output.slice(from);
      if (pattern.test(part)) return part;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${pattern}; output after ${from}:\n${this.output.slice(from)}`);
  }

  key(key: string): void {
    this.child.stdin.write(`${key}\n`);
  }
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
  kill(): void {
    this.child.kill('SIGKILL');
  }
}
