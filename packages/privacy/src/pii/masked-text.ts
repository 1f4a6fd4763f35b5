import { isSpace } from './chars.js';

/** Longest run of arguments passed to one String.fromCharCode call. */
const DECODE_CHUNK = 8192;
// Past one span per this many chars, the whole text is decoded rather than span by span.
const SPAN_DECODE_FACTOR = 128;

/**
 * The text one `maskPii` call works on. Detectors read it by char code and mask spans in place,
 * so each detector sees what the ones before it masked, and a hit costs the length of its span
 * (re-slicing and concatenating the whole string per hit made many hits quadratic). The copy is
 * made at the first hit only, so text without personal data is read straight from the string.
 */
export class MaskedText {
  /** Length in UTF-16 units (masking keeps it). */
  readonly length: number;
  private codes: Uint16Array | null = null;
  /** Masked spans as [start, end) pairs, in the order they were masked. */
  private readonly spans: number[] = [];

  constructor(private readonly source: string) {
    this.length = source.length;
  }

  /** The char code at `i` as masked so far, or -1 out of range. */
  at(i: number): number {
    if (i < 0 || i >= this.length) return -1;
    return this.codes === null ? this.source.charCodeAt(i) : (this.codes[i] as number);
  }

  /** Masks [start, end) length-preservingly: '*' per UTF-16 unit, whitespace kept. */
  mask(start: number, end: number): void {
    let codes = this.codes;
    if (codes === null) {
      codes = this.codes = new Uint16Array(this.length);
      for (let i = 0; i < this.length; i++) codes[i] = this.source.charCodeAt(i);
    }
    for (let i = start; i < end; i++) if (!isSpace(codes[i] as number)) codes[i] = 42;
    this.spans.push(start, end);
  }

  /** The masked text; the original string itself when nothing was masked. */
  toString(): string {
    const codes = this.codes;
    if (codes === null) return this.source;
    const spans = this.spans;
    // Many hits: decode everything at once (per-span slicing and joining would cost more).
    if ((spans.length / 2) * SPAN_DECODE_FACTOR > this.length) return decode(codes, 0, this.length);
    // Few hits: decode only the masked spans and slice the rest from the original.
    const order: number[] = [];
    for (let k = 0; k < spans.length; k += 2) order.push(k);
    order.sort((a, b) => (spans[a] as number) - (spans[b] as number));
    let out = '';
    let last = 0;
    for (const k of order) {
      const start = Math.max(last, spans[k] as number);
      const end = spans[k + 1] as number;
      if (end <= start) continue;
      out += this.source.slice(last, start) + decode(codes, start, end);
      last = end;
    }
    return out + this.source.slice(last);
  }
}

/** codes[start, end) as a string; fromCharCode keeps lone surrogates as they were. */
function decode(codes: Uint16Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += DECODE_CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(end, i + DECODE_CHUNK)) as unknown as number[]);
  }
  return out;
}
