import { describe, expect, it } from 'vitest';
import { JsonLimitScanner, type JsonLimits } from '../../src/ingest/json-limit-scanner.js';

const LOOSE: JsonLimits = { maxValues: 1e9, maxContainers: 1e9, maxDepth: 1e9, maxStringLength: 1e9 };

/** The code the scanner throws for `text` fed in chunks of `chunkSize` bytes, or null when it passes. */
function refusal(text: string | Buffer, limits: Partial<JsonLimits>, chunkSize = Infinity): string | null {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const scanner = new JsonLimitScanner({ ...LOOSE, ...limits });
  try {
    for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length)) scanner.write(bytes.subarray(i, i + chunkSize));
    return null;
  } catch (err) {
    return (err as { code: string }).code;
  }
}

/** What JavaScript's own parse holds: values (object keys included), containers, depth, longest string. */
function measure(value: unknown, depth = 0): { values: number; containers: number; depth: number; longest: number } {
  const m = { values: 1, containers: 0, depth, longest: typeof value === 'string' ? value.length : 0 };
  if (typeof value !== 'object' || value === null) return m;
  m.containers = 1;
  m.depth = depth + 1;
  const add = (child: ReturnType<typeof measure>) => {
    m.values += child.values;
    m.containers += child.containers;
    m.depth = Math.max(m.depth, child.depth);
    m.longest = Math.max(m.longest, child.longest);
  };
  for (const [key, child] of Object.entries(value)) {
    if (!Array.isArray(value)) add(measure(key, depth + 1));
    add(measure(child, depth + 1));
  }
  return m;
}

const SAMPLES = [
  '{"v":1,"sessionId":"sess_abc","events":[{"type":3,"timestamp":1.5e12,"data":{"positions":[{"x":1,"y":-2}]}}]}',
  '[true,false,null,-0.5e-3,"",[],{}]',
  ' { "a" : [ 1 , 2 ] ,\n\t"b" : { "c" : null } } ',
  '{"esc":"a\\"b\\\\c\\u00e9\\ud83d\\ude00\\n","ümlaut":"😀é€"}',
  '"just a string"',
  '123',
];

describe('the JSON limit scanner', () => {
  it.each(SAMPLES)('counts exactly what JSON.parse builds, whatever the chunking: %s', (text) => {
    const m = measure(JSON.parse(text));
    for (const chunkSize of [1, 2, 3, 7, Infinity]) {
      expect(refusal(text, { maxValues: m.values, maxContainers: m.containers, maxDepth: m.depth, maxStringLength: m.longest }, chunkSize)).toBeNull();
      expect(refusal(text, { maxValues: m.values - 1 }, chunkSize)).toBe('too_many_values');
      if (m.containers > 0) expect(refusal(text, { maxContainers: m.containers - 1 }, chunkSize)).toBe('too_many_values');
      if (m.depth > 0) expect(refusal(text, { maxDepth: m.depth - 1 }, chunkSize)).toBe('too_deep');
      if (m.longest > 0) expect(refusal(text, { maxStringLength: m.longest - 1 }, chunkSize)).toBe('string_too_long');
    }
  });

  it('refuses ten million empty objects after the first few, not at the end', () => {
    const scanner = new JsonLimitScanner({ ...LOOSE, maxContainers: 1_000 });
    const chunk = Buffer.from('{},'.repeat(1_000));
    scanner.write(Buffer.from('['));
    expect(() => scanner.write(chunk)).toThrow(expect.objectContaining({ code: 'too_many_values', statusCode: 413 }));
  });

  it('counts string lengths in UTF-16 code units, as JavaScript does', () => {
    // 😀 is 4 bytes of UTF-8 and two code units; é is 2 bytes and one; \u00e9 is 6 bytes and one.
    expect(refusal('"😀é\\u00e9"', { maxStringLength: 4 })).toBeNull();
    expect(refusal('"😀é\\u00e9"', { maxStringLength: 3 })).toBe('string_too_long');
  });

  it('does not take brackets, quotes or separators inside strings for structure', () => {
    expect(refusal('["[{\\"]},:"]', { maxValues: 2, maxContainers: 1, maxDepth: 1 })).toBeNull();
  });
});
