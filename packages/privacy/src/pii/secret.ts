import { countHit, maskSpan, type Detector } from './detector.js';

// Well-known credential shapes. Each needs a long token, which the scan stats gate on.
// The Bearer alternative masks only the token so the header name stays readable.
const SECRET = new RegExp(
  [
    String.raw`(?<![\w-])(?:eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*`, // JWT (header and payload are JSON)
    String.raw`(?:sk|pk|rk)_(?:live|test)_[0-9A-Za-z]{10,}`, // Stripe
    String.raw`gh[pousr]_[0-9A-Za-z]{30,}|github_pat_\w{30,}`, // GitHub
    String.raw`(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])`, // AWS access key id
    String.raw`xox[abposr]-[0-9A-Za-z-]{10,})`, // Slack
    String.raw`(?<=\b[Bb]earer\s+)[\w.~+/-]{12,}=*`, // Authorization header value
  ].join('|'),
  'g',
);

/** API keys and tokens: JWTs, Stripe, GitHub, AWS, Slack, and `Bearer` credentials. */
export const secretDetector: Detector = {
  name: 'secret',
  mayMatch: (s) => s.longestToken >= 12,
  mask(text, counts) {
    let out = text;
    SECRET.lastIndex = 0;
    for (let m = SECRET.exec(out); m; m = SECRET.exec(out)) {
      out = maskSpan(out, m.index, m.index + m[0].length);
      countHit(counts, 'secret');
    }
    return out;
  },
};
