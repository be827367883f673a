import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMatchingTemplate, SCORE_COMPONENTS } from '../../../src/matching/template.js';
import { GridIndex, distanceKm, planarKm } from '../../../src/matching/geo.js';
import { tempDir } from '../../helpers/cli.js';

describe('matching template', () => {
  it('the shipped default is valid and sums to 100 points', () => {
    const t = loadMatchingTemplate();
    expect(SCORE_COMPONENTS.reduce((s, c) => s + t.weights[c], 0)).toBe(100);
    expect(t.defaultRadiusKm).toBe(10);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists every problem of a bad template at once', () => {
    const path = join(tempDir(), 'bad.yaml');
    writeFileSync(path, 'weights:\n  interest: -1\n  popularity: 5\n  distance: "far"\ndefault_radius_km: 0\n');
    try {
      loadMatchingTemplate(path);
      expect.unreachable();
    } catch (err: any) {
      expect(err.code).toBe('invalid_template');
      const all = err.problems.map((p: any) => p.msg.en).join('\n');
      expect(all).toMatch(/weights\.popularity: unknown component/);
      expect(all).toMatch(/weights\.interest: -1/);
      expect(all).toMatch(/weights\.distance: "far"/);
      expect(all).toMatch(/default_radius_km/);
    }
  });
});

describe('geometry', () => {
  it('planar distance agrees with the great circle at ward scale', () => {
    for (const [dLat, dLon] of [[0.01, 0], [0, 0.01], [0.05, 0.05], [-0.08, 0.03]] as const) {
      const lat = 35.7;
      const lon = 139.75;
      const a = distanceKm(lat, lon, lat + dLat, lon + dLon);
      const b = planarKm(lat, lon, Math.cos((lat * Math.PI) / 180), lat + dLat, lon + dLon);
      expect(Math.abs(a - b) / a).toBeLessThan(0.002);
    }
  });

  it('the grid returns every point within the radius (and maybe a few more)', () => {
    const grid = new GridIndex(5);
    const pts: [number, number][] = [];
    for (let i = 0; i < 500; i++) {
      const p: [number, number] = [35.5 + ((i * 7919) % 1000) / 2500, 139.5 + ((i * 104729) % 1000) / 2500];
      pts.push(p);
      grid.add(i, p[0], p[1]);
    }
    const near = new Set(grid.near(35.7, 139.7, 10));
    pts.forEach((p, i) => {
      if (distanceKm(35.7, 139.7, p[0], p[1]) <= 10) expect(near.has(i)).toBe(true);
    });
  });
});
