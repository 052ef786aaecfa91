#!/usr/bin/env node
// The firedrill CLI entry point: load TypeScript through tsx, run one command, exit with its code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
