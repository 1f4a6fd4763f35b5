import { FIXED_MASK, maskText } from './mask-text.js';

/** What the scrubber (or the recorder) knows about a form field. */
export interface FieldInfo {
  tagName: string;
  type?: string | null | undefined;
  autocomplete?: string | null | undefined;
  /**
   * True once the field has ever been `type="password"`. Show-password toggles switch the type
   * to "text"; the recorder must remember the original type (e.g. in a WeakSet of elements)
   * and pass this flag so the value stays fixed-masked.
   */
  wasPassword?: boolean | undefined;
}

/** Privacy level of a project. */
export type PrivacyLevel = 'balanced' | 'strict';

const NEVER_UNMASK_TYPES = new Set(['password', 'hidden']);
const NEVER_UNMASK_AUTOCOMPLETE = new Set(['current-password', 'new-password', 'one-time-code']);

/**
 * True for fields whose value is never shown, whatever the markup says: passwords (also after a
 * show-password toggle), hidden inputs, payment fields (autocomplete `cc-*`) and one-time codes.
 * @example isNeverUnmaskField({ tagName: 'input', autocomplete: 'cc-number' }) // true
 */
export function isNeverUnmaskField(field: FieldInfo): boolean {
  if (field.wasPassword) return true;
  const type = field.type?.toLowerCase();
  if (type && field.tagName.toLowerCase() === 'input' && NEVER_UNMASK_TYPES.has(type)) return true;
  // autocomplete is a token list ("section-x billing cc-number"); any payment or secret token wins.
  const tokens = field.autocomplete?.toLowerCase().split(/\s+/) ?? [];
  return tokens.some((t) => t.startsWith('cc-') || NEVER_UNMASK_AUTOCOMPLETE.has(t));
}

/**
 * Masks a form value: never-unmask fields get FIXED_MASK (length hidden), every other value
 * (all input types, textarea, select, checkbox/radio values) a length-preserving mask. Both
 * levels mask every form value; `level` exists so a future level can differ. Empty stays empty.
 * @example maskInputValue('hunter2', { tagName: 'input', type: 'password' }, 'balanced') // '********'
 */
export function maskInputValue(value: string, field: FieldInfo, _level?: PrivacyLevel): string {
  if (value === '') return value;
  return isNeverUnmaskField(field) ? FIXED_MASK : maskText(value);
}
