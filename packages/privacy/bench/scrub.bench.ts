import { bench, describe } from 'vitest';
import { createScrubber, maskPii } from '../src/index.js';
import { syntheticMutations, syntheticSnapshot } from './synthetic.js';

// Events are scrubbed in place, so after the first iteration the few PII hits are masks and
// the figures describe the steady no-hit path (what most events look like).
// Run: npx vitest bench --run packages/privacy/bench
const snapshot = syntheticSnapshot(10_000);
const mutations = syntheticMutations(1_000);
const strings = Array.from({ length: 1_000 }, (_, i) => `Add to cart ${i} — Free shipping on orders over $50, rated 4.8`);

describe('scrubber', () => {
  const balanced = createScrubber({ level: 'balanced' });
  const strict = createScrubber({ level: 'strict' });
  bench('full snapshot, 10k nodes, balanced', () => balanced.scrubEvent(snapshot));
  bench('full snapshot, 10k nodes, strict', () => strict.scrubEvent(snapshot));
  bench('1,000 mutation events, balanced', () => {
    for (const e of mutations) balanced.scrubEvent(e);
  });
  bench('maskPii on 1,000 ordinary strings', () => {
    for (const s of strings) maskPii(s);
  });
});
