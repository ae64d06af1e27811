#!/usr/bin/env node
// Installed from npm, the package holds the built JavaScript (dist/) and no src/: that is what runs. In
// this workspace src/ is beside it and runs through tsx (a workspace dev dependency), so no build step
// is needed while developing and a stale dist/ can never be what a test starts.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/cli.js');
}
