// Plain-JS entry of the model runner's worker thread. Built (dist/, what `raced` runs) the implementation sits
// beside this file compiled to .js; from the sources (jest) it is TypeScript, which a worker can only load through
// tsx's loader (jest's transform does not reach worker threads).
import { existsSync } from 'node:fs';
import { URL } from 'node:url';
const compiled = new URL('./runner-worker-impl.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./runner-worker-impl.ts');
}
