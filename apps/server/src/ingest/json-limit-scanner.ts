import { MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, MAX_JSON_VALUES, MAX_STRING_LENGTH } from '@veil/protocol/limits';
import { apiError } from '../errors.js';

/** What a JSON text is held to before anything parses it. */
export interface JsonLimits {
  /** Values of every kind (objects, arrays, strings, numbers, literals), object keys included. */
  maxValues: number;
  /** Objects and arrays (counted among the values too). */
  maxContainers: number;
  /** Objects and arrays open at once. */
  maxDepth: number;
  /** Longest string (value or key), in UTF-16 code units as JavaScript counts `.length`. */
  maxStringLength: number;
}

const BATCH_LIMITS: JsonLimits = {
  maxValues: MAX_JSON_VALUES,
  maxContainers: MAX_JSON_CONTAINERS,
  maxDepth: MAX_JSON_DEPTH,
  maxStringLength: MAX_STRING_LENGTH,
};

/** What a byte outside strings does, looked up rather than branched on (this is the hot loop). */
const SCALAR = 0;
const SEPARATOR = 1;
const OPEN = 2;
const CLOSE = 3;
const STRING = 4;
const KIND = new Uint8Array(256);
for (const byte of [0x2c, 0x3a, 0x20, 0x0a, 0x0d, 0x09]) KIND[byte] = SEPARATOR; // , : and whitespace
KIND[0x7b] = KIND[0x5b] = OPEN; // { [
KIND[0x7d] = KIND[0x5d] = CLOSE; // } ]
KIND[0x22] = STRING;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;

/**
 * Counts a JSON text's values, nesting and string lengths as its bytes arrive (UTF-8, in chunks
 * of any size), and throws the 413 that names the first limit passed, before anything is parsed:
 * `JSON.parse` then only ever sees a text whose tree is known to be small, so its work and memory
 * are bounded by the limits, not by what a hostile body inflates to (10 million `{}` in 30 MiB).
 *
 * One pass, constant work per byte, constant memory. It does not validate: for valid JSON the
 * counts are exact, and invalid JSON is refused by the parser afterwards (its counts are still an
 * upper bound on what a parser could build from it).
 */
export class JsonLimitScanner {
  readonly #limits: JsonLimits;
  #values = 0;
  #containers = 0;
  #depth = 0;
  #inString = false;
  /** Inside a string: the last byte was a backslash. */
  #escaped = false;
  /** Inside a string: hex digits of a `\uXXXX` escape still to skip. */
  #hexLeft = 0;
  /** Outside strings: within a number or literal (its first byte was counted). */
  #inScalar = false;
  /** UTF-16 code units of the current string so far. */
  #units = 0;

  constructor(limits: JsonLimits = BATCH_LIMITS) {
    this.#limits = limits;
  }

  /** Scans the next bytes of the text; throws 413 `too_many_values`, `too_deep` or `string_too_long`. */
  write(chunk: Uint8Array): void {
    const { maxValues, maxContainers, maxDepth, maxStringLength } = this.#limits;
    // Locals, written back at the end: this loop runs once per byte of every batch.
    let values = this.#values;
    let containers = this.#containers;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let hexLeft = this.#hexLeft;
    let inScalar = this.#inScalar;
    let units = this.#units;
    try {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        if (inString) {
          if (hexLeft > 0) {
            hexLeft--;
          } else if (escaped) {
            escaped = false;
            if (byte === LETTER_U) hexLeft = 4;
          } else if (byte === QUOTE) {
            inString = false;
          } else {
            // An escape is one code unit; of UTF-8 bytes, each but a continuation byte starts a
            // character, and a 4-byte one (>= 0xF0) is two code units (a surrogate pair).
            if (byte === BACKSLASH) {
              escaped = true;
              units++;
            } else if ((byte & 0xc0) !== 0x80) {
              units += byte >= 0xf0 ? 2 : 1;
            }
            if (units > maxStringLength) throw apiError('string_too_long', `a string is longer than ${maxStringLength} characters`);
          }
          continue;
        }
        const kind = KIND[byte]!;
        if (kind === SEPARATOR) {
          inScalar = false;
        } else if (kind === SCALAR) {
          // The first byte of a number, true, false or null.
          if (!inScalar) {
            inScalar = true;
            if (++values > maxValues) throw tooManyValues(`more than ${maxValues} JSON values in one batch`);
          }
        } else if (kind === CLOSE) {
          inScalar = false;
          depth--;
        } else {
          inScalar = false;
          if (++values > maxValues) throw tooManyValues(`more than ${maxValues} JSON values in one batch`);
          if (kind === OPEN) {
            if (++containers > maxContainers) throw tooManyValues(`more than ${maxContainers} objects and arrays in one batch`);
            if (++depth > maxDepth) throw apiError('too_deep', `nesting deeper than ${maxDepth} levels`);
          } else {
            inString = true;
            units = 0;
          }
        }
      }
    } finally {
      this.#values = values;
      this.#containers = containers;
      this.#depth = depth;
      this.#inString = inString;
      this.#escaped = escaped;
      this.#hexLeft = hexLeft;
      this.#inScalar = inScalar;
      this.#units = units;
    }
  }
}

/** Scans a whole JSON text at once (see JsonLimitScanner). */
export function checkJsonLimits(text: Uint8Array, limits?: JsonLimits): void {
  new JsonLimitScanner(limits).write(text);
}

function tooManyValues(message: string) {
  return apiError('too_many_values', message);
}
