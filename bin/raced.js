#!/usr/bin/env node
// Entry point of the `raced` program: runs the JavaScript that `npm run build` compiles into dist/ (npm install,
// npm start and npm test all build first), so no command pays for compiling TypeScript.
// dist/ missing: build it now (about a second). dist/ older than a source: warn and run it anyway; rebuilding here
// would swap dist/ under other raced processes started from the same tree (a testnet starts several at once).
import { build, distState } from '../scripts/build.js';

const state = distState();
if (state.missing) {
  process.stderr.write('raced: no build in dist/, building it now (npm run build)\n');
  await build();
} else if (state.staleSource) {
  process.stderr.write(`raced: warning: dist/ is older than ${state.staleSource}; run \`npm run build\`\n`);
}
// The polyfill must load before anything imports libp2p.
await import('../dist/node/polyfills.js');
const { main } = await import('../dist/node/cli/main.js');
await main(process.argv.slice(2));
