import { countHit, maskSpan, type Detector } from './detector.js';

// 3-2-4 digits with one consistent separator; areas 000, 666 and 9xx and all-zero groups are
// never issued, which also keeps most look-alike ids out.
const SSN = /(?<![\w.,/-])(?!000|666|9)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-]|[.,]\d)/g;

/** US Social Security numbers (123-45-6789, 123 45 6789). */
export const ssnDetector: Detector = {
  name: 'ssn',
  mayMatch: (s) => s.digits >= 9,
  mask(text, counts) {
    let out = text;
    SSN.lastIndex = 0;
    for (let m = SSN.exec(out); m; m = SSN.exec(out)) {
      out = maskSpan(out, m.index, m.index + m[0].length);
      countHit(counts, 'ssn');
    }
    return out;
  },
};
