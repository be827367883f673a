// A small seeded PRNG (mulberry32) with the helpers the sample and bench generators need.
// Same seed → same sequence on every machine: generated files are byte-for-byte reproducible.

/** A seeded random source: next() in [0, 1) plus pick / weighted / int / chance / shuffle helpers. */
export function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    /** Integer in [min, max], both inclusive. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    /** One element of a non-empty array. */
    pick: (items) => items[Math.floor(next() * items.length)],
    /** true with probability p. */
    chance: (p) => next() < p,
    /** One value of [[value, weight], …] with probability proportional to weight. */
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let r = next() * total;
      for (const [v, w] of pairs) {
        r -= w;
        if (r < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    /** `n` distinct elements of `items` (n clipped to its length), in random order. */
    sample: (items, n) => {
      const copy = items.slice();
      const k = Math.min(n, copy.length);
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    },
    /** A uniformly random point within `radiusKm` of [lat, lon] (flat-earth approximation, fine at this scale). */
    near: ([lat, lon], radiusKm) => {
      const r = radiusKm * Math.sqrt(next());
      const theta = 2 * Math.PI * next();
      const dLat = (r * Math.cos(theta)) / 110.574;
      const dLon = (r * Math.sin(theta)) / (111.32 * Math.cos((lat * Math.PI) / 180));
      return [lat + dLat, lon + dLon];
    },
  };
  return rng;
}

/** A 32-bit hash of an integer and a seed: a stateless per-row coin for "change P% of rows". */
export function hashInt(n, seed) {
  let h = (Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
