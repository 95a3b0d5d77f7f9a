// Plain-JS entry of the validator duty's worker thread: register tsx's loader, then load the TypeScript
// implementation (as race/engine/miner-worker.js does).
import { register } from 'tsx/esm/api';
register();
await import('./verify-worker-impl.ts');
