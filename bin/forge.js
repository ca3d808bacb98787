#!/usr/bin/env node
// The `forge` command. The engine is compiled to dist/ by `npm install` (the `prepare` script).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
