#!/usr/bin/env node
// The `forge` command: the bundled engine (dist/main.js, built by the repository's `npm run build`,
// and at pack time by `prepack`).
import { installCrashHandlers, runCli } from '../dist/main.js';

installCrashHandlers(process.argv.slice(2));
process.exitCode = await runCli(process.argv.slice(2));
