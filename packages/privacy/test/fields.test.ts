import { describe, expect, it } from 'vitest';
import { FIXED_MASK, isNeverUnmaskField, maskInputValue } from '../src/index.js';

describe('isNeverUnmaskField', () => {
  it.each([
    [{ tagName: 'input', type: 'password' }],
    [{ tagName: 'INPUT', type: 'Password' }],
    [{ tagName: 'input', type: 'hidden' }],
    [{ tagName: 'input', type: 'text', autocomplete: 'cc-number' }],
    [{ tagName: 'input', autocomplete: 'cc-csc' }],
    [{ tagName: 'input', autocomplete: 'section-pay billing cc-exp' }],
    [{ tagName: 'input', autocomplete: 'current-password' }],
    [{ tagName: 'input', autocomplete: 'new-password' }],
    [{ tagName: 'input', autocomplete: 'one-time-code' }],
    [{ tagName: 'input', type: 'text', wasPassword: true }],
  ])('is true for %o', (field) => {
    expect(isNeverUnmaskField(field)).toBe(true);
  });

  it.each([
    [{ tagName: 'input', type: 'text' }],
    [{ tagName: 'input', type: 'email', autocomplete: 'email' }],
    [{ tagName: 'textarea' }],
    [{ tagName: 'select', autocomplete: 'country' }],
    [{ tagName: 'div', type: 'password' }],
  ])('is false for %o', (field) => {
    expect(isNeverUnmaskField(field)).toBe(false);
  });
});

describe('maskInputValue', () => {
  it('hides the length of never-unmask values', () => {
    expect(maskInputValue('hunter2', { tagName: 'input', type: 'password' }, 'balanced')).toBe(FIXED_MASK);
    expect(maskInputValue('4111 1111 1111 1111', { tagName: 'input', autocomplete: 'cc-number' }, 'strict')).toBe(FIXED_MASK);
  });

  it('masks every other value length-preservingly, in both levels', () => {
    expect(maskInputValue('Jane Doe', { tagName: 'input', type: 'text' }, 'balanced')).toBe('**** ***');
    expect(maskInputValue('on', { tagName: 'input', type: 'checkbox' }, 'balanced')).toBe('**');
    expect(maskInputValue('fr', { tagName: 'select' }, 'strict')).toBe('**');
  });

  it('keeps an empty value empty', () => {
    expect(maskInputValue('', { tagName: 'input', type: 'password' }, 'balanced')).toBe('');
  });
});
