/** `forge docs generate`: the static docs site under target/docs/ (opens from file://). */
import path from 'node:path';
import { generateDocs } from '../../api/docs.js';
import { Codes } from '../../errors/codes.js';
import { diagnostic, hasErrors } from '../../errors/diagnostic.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function docsCommand(ctx: CommandContext): Promise<number> {
  const [what] = ctx.args.positionals;
  if (what !== 'generate') {
    report(ctx, [
      diagnostic(
        Codes.usage,
        `forge docs knows "generate", not "${what ?? ''}"`,
        undefined,
        'forge docs generate; forge serve serves the docs and the dashboard',
      ),
    ]);
    return 2;
  }
  const { file, diagnostics } = await generateDocs(optionsFrom(ctx.args), ctx.events);
  report(ctx, diagnostics);
  if (!file || hasErrors(diagnostics)) return 1;
  ctx.events({ type: 'artifact', path: path.relative(process.cwd(), file) || file });
  ctx.output.out(`docs written to ${file} — open it in a browser (no server needed)`);
  return 0;
}
