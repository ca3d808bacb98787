/** `forge parse`, `forge compile` and `forge ls`. */
import path from 'node:path';
import { compile, parse, select } from '../../api/forge.js';
import { writeManifest } from '../../artifacts/write-artifacts.js';
import { builtAs } from '../../core/materialization.js';
import { hasErrors, type Diagnostic } from '../../errors/diagnostic.js';
import type { ForgeNode } from '../../core/nodes.js';
import { projectInputs, watchProject } from '../../watch/file-watcher.js';
import { failureCode, optionsFrom, report, selectionFrom, type CommandContext } from './context.js';

export async function parseCommand(ctx: CommandContext): Promise<number> {
  const parsed = await parse(optionsFrom(ctx.args), ctx.events);
  report(ctx, parsed.diagnostics);
  if (!parsed.manifest || hasErrors(parsed.diagnostics)) return 1;
  const file = await writeManifest(parsed.manifest, () => undefined, {
    generatedAt: new Date().toISOString(),
    invocationId: 'parse',
  });
  ctx.events({ type: 'artifact', path: path.relative(process.cwd(), file) || file });
  ctx.events({ type: 'info', message: summary(parsed.manifest.nodes.values()) });
  return 0;
}

export async function compileCommand(ctx: CommandContext): Promise<number> {
  const once = async (): Promise<number> => {
    const { selection, diagnostics } = await selectionFrom(ctx, 'eager');
    report(ctx, diagnostics);
    if (!selection) return failureCode(diagnostics);
    const result = await compile(
      optionsFrom(ctx.args),
      selection,
      ctx.events,
      ctx.args.defer || ctx.args.favorState,
    );
    report(ctx, result.diagnostics);
    if (hasErrors(result.diagnostics)) return 1;
    ctx.events({
      type: 'info',
      message: `compiled ${result.compiledCount} of ${result.selected.length} selected nodes into target/compiled/`,
    });
    return 0;
  };
  if (!ctx.args.watch) return once();
  // compile --watch: no warehouse, so each batch of saves simply recompiles (the parse is partial)
  let code = await once();
  let running = Promise.resolve();
  const watcher = watchProject(path.resolve(ctx.args.projectDir), projectInputs(), (files) => {
    running = running.then(async () => {
      ctx.events({ type: 'info', message: `watch: changed: ${files.join(', ')}` });
      code = await once();
    });
  });
  await watcher.ready;
  ctx.events({ type: 'info', message: 'watch: watching for changes (Ctrl-C or q to quit)' });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.stdin.on('data', (chunk: Buffer) => {
      if (chunk.toString().trim() === 'q') resolve();
    });
  });
  process.stdin.pause();
  await running;
  await watcher.close();
  return code;
}

export async function lsCommand(ctx: CommandContext): Promise<number> {
  const parsed = await parse(optionsFrom(ctx.args), () => undefined);
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics)) {
    report(ctx, parsed.diagnostics);
    return 1;
  }
  const { manifest } = parsed;
  const { selection, diagnostics: stateProblems } = await selectionFrom(ctx, 'eager');
  if (!selection) {
    report(ctx, stateProblems);
    return failureCode(stateProblems);
  }
  const chosen = select(manifest, parsed.dag, selection);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...stateProblems, ...chosen.diagnostics];
  report(ctx, diagnostics);
  if (hasErrors(chosen.diagnostics)) return 1;
  const types = ctx.args.resourceTypes;
  for (const id of chosen.ids) {
    const node = manifest.nodes.get(id);
    if (!node || (types.length > 0 && !types.includes(node.resourceType))) continue;
    ctx.output.out(formatNode(node, ctx.args.output));
  }
  return 0;
}

function formatNode(node: ForgeNode, output: string): string {
  switch (output) {
    case 'path':
      return node.file;
    case 'json':
      return JSON.stringify({
        name: node.name,
        resource_type: node.resourceType,
        unique_id: node.id,
        original_file_path: node.file,
        config: node.config,
        ...(node.resourceType === 'model'
          ? { materialization: node.materialization.kind, built_as: builtAs(node.materialization) }
          : {}),
        ...(node.resourceType === 'model' || node.resourceType === 'test'
          ? { depends_on: { nodes: node.dependsOn } }
          : {}),
      });
    case 'selector':
    case 'fqn':
      return node.fqn.join('.');
    default:
      return node.resourceType === 'source' ? `source:${node.sourceName}.${node.name}` : node.name;
  }
}

function summary(nodes: Iterable<ForgeNode>): string {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.resourceType, (counts.get(node.resourceType) ?? 0) + 1);
  return `parsed ${[...counts].map(([type, n]) => `${n} ${type}${n === 1 ? '' : 's'}`).join(', ') || 'an empty project'}`;
}
