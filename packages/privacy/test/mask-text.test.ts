import { describe, expect, it } from 'vitest';
import { FIXED_MASK, isMasked, maskText } from '../src/index.js';

describe('maskText', () => {
  it('keeps the length and every whitespace character', () => {
    const text = 'Jane Doe\n  42 Main St.\tApt 3';
    const masked = maskText(text);
    expect(masked).toBe('**** ***\n  ** **** ***\t*** *');
    expect(masked.length).toBe(text.length);
  });

  it('returns an already masked or empty string unchanged', () => {
    expect(maskText('')).toBe('');
    expect(maskText('** ***')).toBe('** ***');
  });

  it('has a fixed mask that does not reveal length', () => {
    expect(FIXED_MASK).toBe('********');
    expect(isMasked(FIXED_MASK)).toBe(true);
    expect(isMasked('a*')).toBe(false);
  });
});
