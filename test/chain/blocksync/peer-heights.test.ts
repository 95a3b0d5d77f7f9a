import { describe, expect, it } from '@jest/globals';
import { PeerHeights } from '../../../chain/blocksync/peer-heights.js';

describe('PeerHeights', () => {
  it('tracks the best height and picks holders of a height in turn', () => {
    const p = new PeerHeights();
    expect(p.maxHeight()).toBe(0);
    expect(p.pick(1)).toBeNull();
    p.set('a', { base: 1, height: 10 });
    p.set('b', { base: 1, height: 20 });
    p.set('c', { base: 15, height: 30 });
    expect(p.maxHeight()).toBe(30);
    expect(p.pick(25)).toBe('c');
    const picks = [p.pick(5), p.pick(5), p.pick(5), p.pick(5)];
    expect(new Set(picks)).toEqual(new Set(['a', 'b']));
    expect(p.pick(16)).not.toBeNull();
    expect(p.pick(31)).toBeNull();
    p.delete('c');
    expect(p.maxHeight()).toBe(20);
    expect(p.size).toBe(2);
    expect(p.get('a')).toEqual({ base: 1, height: 10 });
  });
});
