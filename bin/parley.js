#!/usr/bin/env node
// The `parley` command: runs src/cli.ts through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
