import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain-JS generator script without type declarations
import { generateReportSamples } from '../../../scripts/generate-report-samples.js';

const DIR = new URL('../../../data/sample/reports/', import.meta.url);

describe('data/sample/reports', () => {
  it('is exactly what the seeded generator writes (regenerate with node scripts/generate-report-samples.js)', () => {
    const files = (generateReportSamples as () => Record<string, string>)();
    expect(Object.keys(files).sort()).toEqual(readdirSync(DIR).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(new URL(name, DIR), 'utf8'), name).toBe(text);
  });
});
