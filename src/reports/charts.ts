/**
 * Charts of the HTML reports: a declarative chart spec rendered to inline SVG
 * on the server. No script, no fonts or images fetched: the report stays one
 * self-contained file that prints as it shows. Every text is escaped with the
 * one HTML/XML escaper (src/io/escape.ts).
 */
import { escapeHtml } from '../io/escape.js';

export interface LineSeries {
  name: string;
  /** One value per category; null leaves a gap (no data, or withheld). */
  values: (number | null)[];
  dashed?: boolean;
}

export type ChartSpec =
  | { type: 'line'; title: string; unit: string; categories: string[]; series: LineSeries[]; width?: number; height?: number }
  | { type: 'hbar'; title: string; unit: string; bars: { label: string; value: number }[]; width?: number };

const COLORS = ['#1f5fa8', '#c0504d', '#4f8a3c', '#8064a2'];
const FONT = `font-family="'Hiragino Sans','Yu Gothic','Meiryo',sans-serif"`;

/** A round step for axis ticks (1, 2, 5 × 10^n). */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('ja-JP') : v.toLocaleString('ja-JP', { maximumFractionDigits: 2 });
}

/** Renders a chart spec as an <svg> element (role="img", with a <title> for screen readers). */
export function renderChart(spec: ChartSpec): string {
  return spec.type === 'line' ? lineChart(spec) : hbarChart(spec);
}

function lineChart(spec: Extract<ChartSpec, { type: 'line' }>): string {
  const width = spec.width ?? 520;
  const height = spec.height ?? 260;
  const left = 70;
  const right = 20;
  const top = 36;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const all = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const maxV = Math.max(0, ...all);
  const minV = Math.min(0, ...all);
  const step = niceStep(Math.max(maxV - minV, 1e-9) || 1, 4);
  const lo = Math.floor(minV / step) * step;
  const hi = Math.max(lo + step, Math.ceil(maxV / step) * step);
  const n = spec.categories.length;
  const x = (i: number): number => left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number): number => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ${FONT} font-size="11">`);
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeHtml(spec.title)}</text>`);
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(fmt(Math.round(v * 1e6) / 1e6))}</text>`);
  }
  parts.push(`<text x="${left - 6}" y="${top - 8}" text-anchor="end" fill="#555">${escapeHtml(spec.unit)}</text>`);
  spec.categories.forEach((c, i) => {
    parts.push(`<text x="${x(i).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(c)}</text>`);
  });
  spec.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length]!;
    // Consecutive known values form a segment; a null breaks the line.
    let seg: string[] = [];
    const flush = (): void => {
      if (seg.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${seg.join(' ')}"/>`);
      seg = [];
    };
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return flush();
      seg.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.dashed ? '#fff' : color}" stroke="${color}"><title>${escapeHtml(`${s.name} ${spec.categories[i] ?? ''}: ${fmt(v)}${spec.unit}`)}</title></circle>`);
    });
    flush();
    const lx = left + si * 110;
    const ly = height - 12;
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${lx + 30}" y="${ly}" dominant-baseline="middle">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function hbarChart(spec: Extract<ChartSpec, { type: 'hbar' }>): string {
  const width = spec.width ?? 640;
  const rowH = 20;
  const left = 190;
  const right = 60;
  const top = 32;
  const height = top + spec.bars.length * rowH + 12;
  const max = Math.max(1, ...spec.bars.map((b) => b.value));
  const plotW = width - left - right;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ${FONT} font-size="11">`);
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  parts.push(`<text x="0" y="16" font-size="13" font-weight="bold">${escapeHtml(spec.title)}</text>`);
  spec.bars.forEach((b, i) => {
    const yy = top + i * rowH;
    const w = (Math.max(0, b.value) / max) * plotW;
    parts.push(`<text x="${left - 6}" y="${yy + rowH / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(b.label)}</text>`);
    parts.push(`<rect x="${left}" y="${yy + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[0]}"/>`);
    parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${yy + rowH / 2}" dominant-baseline="middle">${escapeHtml(`${fmt(b.value)}${spec.unit}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
