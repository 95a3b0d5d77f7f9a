// Plain-JS entry of a weight-generation worker thread: register tsx's loader, then load the TypeScript.
import { register } from 'tsx/esm/api';
register();
await import('./weight-worker-impl.ts');
