/** `forge serve [--port 8580] [--host 127.0.0.1]`: the dashboard at /, the docs at /docs, until Ctrl-C. */
import { serve } from '../../serve/server.js';
import { optionsFrom, type CommandContext } from './context.js';

export async function serveCommand(ctx: CommandContext): Promise<number> {
  // FORGE_SERVE_CACHE=0: parse and open the warehouse for every request (the bench's baseline)
  const served = await serve(
    optionsFrom(ctx.args),
    { host: ctx.args.host ?? '127.0.0.1', port: ctx.args.port ?? 8580 },
    ctx.events,
    undefined,
    { cache: process.env['FORGE_SERVE_CACHE'] !== '0' },
  );
  ctx.output.out(`serving the dashboard at ${served.url}/ and the docs at ${served.url}/docs (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  return 0;
}
