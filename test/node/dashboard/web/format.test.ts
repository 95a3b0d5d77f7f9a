import { describe, expect, it } from '@jest/globals';
import { DENOMS_LARGEST_FIRST, perSecond, shiftDecimal } from '../../../../node/dashboard/web/format.js';

describe('dashboard formatting', () => {
  it('shows a nicoin amount exactly in each of the four denominations', () => {
    expect(DENOMS_LARGEST_FIRST).toEqual([
      ['icon', 9],
      ['micoin', 6],
      ['uicon', 3],
      ['nicoin', 0],
    ]);
    expect(shiftDecimal('1500', 0)).toBe('1500');
    expect(shiftDecimal('1500', 3)).toBe('1.5');
    expect(shiftDecimal('1500', 9)).toBe('0.0000015');
    expect(shiftDecimal('1000.000000000000000000', 3)).toBe('1');
    expect(shiftDecimal('0.25', 0)).toBe('0.25');
    expect(shiftDecimal('0.25', 3)).toBe('0.00025');
    expect(shiftDecimal('007', 0)).toBe('7');
    expect(shiftDecimal('12345678901234567890', 9)).toBe('12345678901.23456789');
    expect(shiftDecimal('not a number', 3)).toBe('not a number');
  });

  it('turns per-block counts into rates only when the interval is known', () => {
    expect(perSecond(3, 0.5)).toBe(6);
    expect(perSecond(3, null)).toBe(0);
    expect(perSecond(3, 0)).toBe(0);
  });
});
