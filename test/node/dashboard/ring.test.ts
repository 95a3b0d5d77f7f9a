import { describe, expect, it } from '@jest/globals';
import { Ring } from '../../../node/dashboard/ring.js';

describe('Ring', () => {
  it('keeps the newest items in order, dropping the oldest when full', () => {
    const r = new Ring<number>(3);
    expect(r.toArray()).toEqual([]);
    expect(r.last()).toBeUndefined();
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
    expect(r.last()).toBe(5);
    expect(r.findLast((x) => x < 5)).toBe(4);
    expect(r.findLast((x) => x < 3)).toBeUndefined();
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(/positive integer/);
    expect(() => new Ring(1.5)).toThrow(/positive integer/);
  });
});
