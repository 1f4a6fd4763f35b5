import { describe, expect, it } from 'vitest';
import { DETECTOR_NAMES, maskPii, type DetectorName, type PiiCounts } from '../src/index.js';
import { CORPUS } from './corpus.js';

declare const console: { table(data: unknown): void; log(...data: unknown[]): void };

interface Row {
  positives: number;
  recall: string;
  negatives: number;
  falsePositives: number;
  fpRate: string;
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

describe('PII detector corpus', () => {
  it('has at least 300 labelled strings', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
  });

  it('reaches recall ≥ 99% and false positives ≤ 1% for every class', () => {
    const hits = CORPUS.map((entry) => {
      const counts: PiiCounts = {};
      maskPii(entry.text, counts);
      return counts;
    });
    const table: Record<string, Row> = {};
    const misses: string[] = [];
    for (const name of DETECTOR_NAMES) {
      let tp = 0;
      let pos = 0;
      let fp = 0;
      let neg = 0;
      CORPUS.forEach((entry, i) => {
        const flagged = (hits[i]?.[name] ?? 0) > 0;
        if (entry.pii === name) {
          pos++;
          if (flagged) tp++;
          else misses.push(`${name} missed: ${entry.text}`);
        } else {
          neg++;
          if (flagged) {
            fp++;
            misses.push(`${name} false positive: ${entry.text}`);
          }
        }
      });
      table[name] = { positives: pos, recall: pct(tp, pos), negatives: neg, falsePositives: fp, fpRate: pct(fp, neg) };
      expect.soft(tp / pos, `${name} recall`).toBeGreaterThanOrEqual(0.99);
      expect.soft(fp / neg, `${name} false positive rate`).toBeLessThanOrEqual(0.01);
    }
    console.table(table);
    if (misses.length > 0) console.log(misses.join('\n'));
  });

  it('leaves every negative string unchanged, as the same reference', () => {
    const changed = CORPUS.filter((e) => e.pii === null && maskPii(e.text) !== e.text).map((e) => e.text);
    expect(changed).toEqual([]);
  });

  it('masks only the PII span, keeping the surrounding sentence', () => {
    expect(maskPii('Contact us at support@shop.example.co.uk for help.')).toBe(
      'Contact us at ************************** for help.',
    );
    expect(maskPii('Card number: 4242 4242 4242 4242 exp 12/27')).toBe('Card number: **** **** **** **** exp 12/27');
  });

  it('counts hits per detector', () => {
    const counts: Partial<Record<DetectorName, number>> = {};
    maskPii('a@b.co, c@d.io and 4111111111111111', counts);
    expect(counts).toEqual({ email: 2, card: 1 });
  });
});
