#!/usr/bin/env node
// Entry point of the `raced` program. TypeScript sources run through tsx's loader so that a fresh
// clone needs no build step; the polyfill must load before anything imports libp2p.
import { register } from 'tsx/esm/api';
register();
await import('../node/polyfills.ts');
const { main } = await import('../node/cli/main.ts');
await main(process.argv.slice(2));
