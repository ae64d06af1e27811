#!/usr/bin/env node
// The relay runs its TypeScript source directly: register tsx, then load the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
