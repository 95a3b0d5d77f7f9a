// Plain-JS entry of the model runner's worker thread: neither jest's transform nor plain Node can load .ts
// inside a worker, so register tsx's loader first, then load the TypeScript implementation.
import { register } from 'tsx/esm/api';
register();
await import('./runner-worker-impl.ts');
