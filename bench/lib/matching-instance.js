// Seeded generator of realistic volunteer × opening matching instances, as the
// typed arrays solveAssignment takes. Shared by bench/solver.js and the
// end-to-end matching bench, so the same seed gives the same instance everywhere.
//
// Model: a region with towns of Pareto-distributed size; openings and volunteers
// cluster around towns. A pair is allowed when the opening lies within the
// volunteer's travel radius and its schedule slot is one the volunteer is free
// for. Score (0..10000, i.e. a 0..100 score ×100) = interest overlap (20 fields)
// + distance decay in 100-point steps + skills, so weights are correlated and
// tie a lot, like real scores.

import { createRng } from '../../scripts/lib/rng.js';

const FIELDS = 20; // the 20 activity fields of the NPO law (特定非営利活動の20分野)
const SLOTS = 3; // weekday daytime, weekday evening, weekend
const SKILLS = 8;

/**
 * Generate an instance.
 * @param {{volunteers: number, openings: number, seed?: number, edgesPerVolunteer?: number}} options
 * @returns {{leftCount: number, rightCount: number, leftCap: Int32Array, rightCap: Int32Array,
 *   edgeLeft: Int32Array, edgeRight: Int32Array, edgeWeight: Int32Array}}
 */
export function generateMatchingInstance({ volunteers, openings, seed = 1, edgesPerVolunteer = 30 }) {
  const rnd = createRng(seed).next;
  const gauss = () => {
    const u = Math.max(rnd(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  // Keep the density of openings per km² fixed, so the region grows with the instance.
  const side = 40 * Math.sqrt(openings / 2000);
  const townCount = Math.max(4, Math.round(openings / 130));
  const townX = new Float64Array(townCount);
  const townY = new Float64Array(townCount);
  const townCum = new Float64Array(townCount);
  let total = 0;
  for (let t = 0; t < townCount; t++) {
    townX[t] = rnd() * side;
    townY[t] = rnd() * side;
    total += 1 / Math.pow(1 - rnd() * 0.97, 0.8); // Pareto-ish town sizes
    townCum[t] = total;
  }
  const pickTown = () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = townCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (townCum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const clampSide = (v) => Math.min(side, Math.max(0, v));

  // Openings: location, 1-2 fields, one schedule slot, an optional required skill, 1-10 slots.
  const R = openings;
  const ox = new Float64Array(R);
  const oy = new Float64Array(R);
  const oField1 = new Int8Array(R);
  const oField2 = new Int8Array(R);
  const oSlot = new Int8Array(R);
  const oSkill = new Int8Array(R);
  const rightCap = new Int32Array(R);
  for (let j = 0; j < R; j++) {
    const t = pickTown();
    ox[j] = clampSide(townX[t] + 2.5 * gauss());
    oy[j] = clampSide(townY[t] + 2.5 * gauss());
    oField1[j] = Math.floor(rnd() * FIELDS);
    oField2[j] = rnd() < 0.5 ? Math.floor(rnd() * FIELDS) : -1;
    oSlot[j] = rnd() < 0.5 ? 0 : rnd() < 0.4 ? 1 : 2;
    oSkill[j] = rnd() < 0.4 ? Math.floor(rnd() * SKILLS) : -1;
    rightCap[j] = 1 + Math.floor(rnd() * 10);
  }

  // Volunteers: capacity 1 (85%), 2 or 3; location; 1-3 interests; free slots; skills; travel radius class.
  const L = volunteers;
  const leftCap = new Int32Array(L);
  const vx = new Float64Array(L);
  const vy = new Float64Array(L);
  const vInterests = new Int32Array(L); // bit set over the 20 fields
  const vSlots = new Int8Array(L);
  const vSkills = new Int32Array(L);
  const vRadius = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    const u = rnd();
    leftCap[i] = u < 0.85 ? 1 : u < 0.97 ? 2 : 3;
    const t = pickTown();
    vx[i] = clampSide(townX[t] + 3.5 * gauss());
    vy[i] = clampSide(townY[t] + 3.5 * gauss());
    let interests = 1 << Math.floor(rnd() * FIELDS);
    if (rnd() < 0.6) interests |= 1 << Math.floor(rnd() * FIELDS);
    if (rnd() < 0.3) interests |= 1 << Math.floor(rnd() * FIELDS);
    vInterests[i] = interests;
    let slots = 0;
    while (slots === 0) for (let s = 0; s < SLOTS; s++) if (rnd() < 0.55) slots |= 1 << s;
    vSlots[i] = slots;
    vSkills[i] = (rnd() < 0.5 ? 1 << Math.floor(rnd() * SKILLS) : 0) | (rnd() < 0.2 ? 1 << Math.floor(rnd() * SKILLS) : 0);
    vRadius[i] = [2, 3, 4, 5, 8][Math.floor(rnd() * 5)];
  }

  // Spatial grid over openings for the radius queries (cells as wide as the largest radius).
  let scale = 0.4;
  let cell = 0;
  let gw = 0;
  let cellStart = new Int32Array(0);
  let cellItems = new Int32Array(0);
  const buildGrid = () => {
    cell = 8 * scale;
    gw = Math.max(1, Math.ceil(side / cell));
    cellStart = new Int32Array(gw * gw + 1);
    const cellOf = (x, y) => Math.min(gw - 1, Math.floor(x / cell)) * gw + Math.min(gw - 1, Math.floor(y / cell));
    for (let j = 0; j < R; j++) cellStart[cellOf(ox[j], oy[j]) + 1]++;
    for (let c = 0; c < gw * gw; c++) cellStart[c + 1] += cellStart[c];
    cellItems = new Int32Array(R);
    const fill = cellStart.slice(0, gw * gw);
    for (let j = 0; j < R; j++) cellItems[fill[cellOf(ox[j], oy[j])]++] = j;
  };
  /** Call visit(j, distance) for every opening volunteer i may take. */
  const forAllowed = (i, visit) => {
    const x = vx[i];
    const y = vy[i];
    const radius = vRadius[i] * scale;
    const cx = Math.min(gw - 1, Math.floor(x / cell));
    const cy = Math.min(gw - 1, Math.floor(y / cell));
    for (let gx = Math.max(0, cx - 1); gx <= Math.min(gw - 1, cx + 1); gx++) {
      for (let gy = Math.max(0, cy - 1); gy <= Math.min(gw - 1, cy + 1); gy++) {
        const c = gx * gw + gy;
        for (let k = cellStart[c]; k < cellStart[c + 1]; k++) {
          const j = cellItems[k];
          if (((vSlots[i] >> oSlot[j]) & 1) === 0) continue;
          const d = Math.hypot(ox[j] - x, oy[j] - y);
          if (d <= radius) visit(j, d / radius);
        }
      }
    }
  };
  // Calibrate the radius scale on a sample so the mean degree is ≈ edgesPerVolunteer
  // (deterministic: a fixed sample and a fixed number of rounds).
  const sample = Math.min(L, 3000);
  for (let round = 0; round < 4 && sample > 0; round++) {
    buildGrid();
    let count = 0;
    for (let i = 0; i < sample; i++) forAllowed(i, () => count++);
    const mean = Math.max(count / sample, 0.01);
    scale *= Math.min(4, Math.sqrt(edgesPerVolunteer / mean));
  }
  buildGrid();

  let cap = Math.max(16, Math.round(L * edgesPerVolunteer * 1.2));
  let edgeLeft = new Int32Array(cap);
  let edgeRight = new Int32Array(cap);
  let edgeWeight = new Int32Array(cap);
  let m = 0;
  for (let i = 0; i < L; i++) {
    forAllowed(i, (j, relDist) => {
      let score = 0;
      if ((vInterests[i] >> oField1[j]) & 1) score += 5000;
      else if (oField2[j] >= 0 && (vInterests[i] >> oField2[j]) & 1) score += 2500;
      score += 100 * Math.round(30 * (1 - relDist));
      if (oSkill[j] < 0) score += 1000;
      else if ((vSkills[i] >> oSkill[j]) & 1) score += 2000;
      if (m === cap) {
        cap *= 2;
        const grow = (a) => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        };
        edgeLeft = grow(edgeLeft);
        edgeRight = grow(edgeRight);
        edgeWeight = grow(edgeWeight);
      }
      edgeLeft[m] = i;
      edgeRight[m] = j;
      edgeWeight[m] = Math.min(10000, score);
      m++;
    });
  }
  return {
    leftCount: L,
    rightCount: R,
    leftCap,
    rightCap,
    edgeLeft: edgeLeft.slice(0, m),
    edgeRight: edgeRight.slice(0, m),
    edgeWeight: edgeWeight.slice(0, m),
  };
}
