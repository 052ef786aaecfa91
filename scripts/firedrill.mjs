#!/usr/bin/env node
// The firedrill CLI entry point: load TypeScript through tsx, run one command, exit with its code.
import { register } from 'tsx/esm/api';

// The AWS SDK is pinned (package-lock.json); its warning about future releases needing Node 22 is not actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
