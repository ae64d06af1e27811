#!/usr/bin/env node
// Runs the TypeScript source directly: no build step in this workspace.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
