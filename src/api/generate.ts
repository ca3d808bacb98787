/**
 * The generator hook: runs the data generator a project declares in project.yml (`generator:`),
 * a module of the project exporting `generate(options)`. Forge owns the options (where files go,
 * scale, seed, days to append) and the progress events; the project owns what it generates.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { GeneratorConfig } from '../project/project-file.js';
import type { EventSink } from '../report/events.js';

interface GenerateRequest {
  readonly scale?: string;
  readonly seed?: number;
  readonly appendDays?: number;
}

interface GeneratorModule {
  generate(options: Record<string, unknown>): Promise<unknown>;
}

function isGeneratorModule(value: unknown): value is GeneratorModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { generate?: unknown }).generate === 'function'
  );
}

export function landingReady(projectDir: string, generator: GeneratorConfig): boolean {
  return existsSync(path.join(projectDir, generator.landing, '_manifest.json'));
}

export async function runGenerator(
  projectDir: string,
  generator: GeneratorConfig,
  request: GenerateRequest,
  events: EventSink,
): Promise<unknown> {
  const file = path.resolve(projectDir, generator.module);
  const loaded: unknown = await import(pathToFileURL(file).href).catch((error: unknown) => {
    throw ForgeError.of(
      Codes.generatorFailed,
      `cannot load the generator ${generator.module}: ${error instanceof Error ? error.message : String(error)}`,
      { file: 'project.yml' },
    );
  });
  if (!isGeneratorModule(loaded))
    throw ForgeError.of(Codes.generatorFailed, `${generator.module} does not export a generate() function`, {
      file: 'project.yml',
    });
  const started = performance.now();
  let lastPercent = -1;
  const result = await loaded
    .generate({
      outDir: path.resolve(projectDir, generator.landing),
      oracleDir: path.resolve(projectDir, generator.oracle),
      // Appending continues the landed scale; otherwise the project's (or the asked-for) scale.
      ...(request.scale || !request.appendDays ? { scale: request.scale ?? generator.scale } : {}),
      seed: request.seed ?? generator.seed,
      ...(request.appendDays ? { appendDays: request.appendDays } : {}),
      progress: (done: number, total: number, label: string) => {
        const percent = Math.floor((done / Math.max(total, 1)) * 100);
        if (percent === lastPercent) return;
        lastPercent = percent;
        events({ type: 'progress', label: `generating ${label}`, done, total });
      },
    })
    .catch((error: unknown) => {
      throw ForgeError.of(
        Codes.generatorFailed,
        `the generator failed: ${error instanceof Error ? error.message : String(error)}`,
        { file: generator.module },
      );
    });
  events({ type: 'phase', phase: 'generate', ms: performance.now() - started, detail: generator.landing });
  return result;
}
