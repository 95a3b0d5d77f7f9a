import { describe, expect, it } from '@jest/globals';
import { validateOrderBy, validatePage, validatePerPage } from '../../../chain/txindex/pagination.js';

describe('pagination rules (CometBFT)', () => {
  it('per_page: default 30, at most 100, nonsense → default', () => {
    expect(validatePerPage(undefined)).toBe(30);
    expect(validatePerPage(0)).toBe(30);
    expect(validatePerPage(-5)).toBe(30);
    expect(validatePerPage(Number.NaN)).toBe(30);
    expect(validatePerPage(7)).toBe(7);
    expect(validatePerPage(100)).toBe(100);
    expect(validatePerPage(101)).toBe(100);
  });

  it('page: 1 is always valid, others must fall within the pages there are', () => {
    expect(validatePage(undefined, 30, 0)).toBe(1);
    expect(validatePage(1, 30, 0)).toBe(1);
    expect(validatePage(2, 30, 31)).toBe(2);
    expect(() => validatePage(2, 30, 30)).toThrow('page should be within [1, 1] range, given 2');
    expect(() => validatePage(0, 30, 30)).toThrow('page should be within [1, 1] range, given 0');
    expect(() => validatePage(1.5, 30, 100)).toThrow('page should be within [1, 4] range, given 1.5');
  });

  it('order_by: asc, desc or empty', () => {
    expect(validateOrderBy(undefined)).toBe('asc');
    expect(validateOrderBy('')).toBe('asc');
    expect(validateOrderBy('asc')).toBe('asc');
    expect(validateOrderBy('desc')).toBe('desc');
    expect(() => validateOrderBy('DESC')).toThrow("expected order_by to be either 'asc' or 'desc' or empty");
  });
});
