// mulberry32: a small, fast seeded generator, good enough for benchmark data and fuzzed test files.
// One copy for the benchmarks and the tests, so a seed means the same sequence everywhere.

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
