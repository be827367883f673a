/** Great-circle distance in km (haversine; plenty for "within 10 km"). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Planar distance in km (equirectangular, with the cosine of the first point's
 * latitude precomputed by the caller): within 0.1% of the great circle at the
 * scale of a ward, and much cheaper inside the candidate loop.
 */
export function planarKm(lat1: number, lon1: number, cosLat1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * 111.195;
  const dx = (lon2 - lon1) * 111.195 * cosLat1;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Points bucketed in cells of about `cellKm`, so the candidates of an opening
 * are read from the cells its radius touches instead of every volunteer.
 */
export class GridIndex {
  private readonly cells = new Map<number, number[]>();
  private readonly cellDeg: number;

  constructor(private readonly cellKm: number) {
    this.cellDeg = cellKm / 111;
  }

  private key(ix: number, iy: number): number {
    return ix * 1_000_003 + iy;
  }

  add(id: number, lat: number, lon: number): void {
    const k = this.key(Math.floor(lon / this.cellDeg), Math.floor(lat / this.cellDeg));
    let cell = this.cells.get(k);
    if (!cell) this.cells.set(k, (cell = []));
    cell.push(id);
  }

  /** Ids in every cell that may hold a point within `km` of (lat, lon), in a fixed (cell, insertion) order. */
  near(lat: number, lon: number, km: number): number[] {
    const dLat = km / 111 / this.cellDeg;
    const dLon = km / (111 * Math.max(0.1, Math.cos((lat * Math.PI) / 180))) / this.cellDeg;
    const cx = lon / this.cellDeg;
    const cy = lat / this.cellDeg;
    const out: number[] = [];
    for (let ix = Math.floor(cx - dLon); ix <= Math.floor(cx + dLon); ix++) {
      for (let iy = Math.floor(cy - dLat); iy <= Math.floor(cy + dLat); iy++) {
        const cell = this.cells.get(this.key(ix, iy));
        if (cell) for (const id of cell) out.push(id);
      }
    }
    // Cells are visited in a fixed order and hold ids in insertion order: deterministic without a sort.
    return out;
  }

  get sizeKm(): number {
    return this.cellKm;
  }
}
