import { describe, expect, it } from '@jest/globals';
import '../../node/polyfills.js';

describe('polyfills', () => {
  it('provides Promise.withResolvers for libp2p on Node 20', async () => {
    const { promise, resolve } = Promise.withResolvers<number>();
    resolve(7);
    await expect(promise).resolves.toBe(7);
  });
});
