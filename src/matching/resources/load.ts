import type { Db } from '../../db/open.js';

/** An open offer as the resource matching sees it (no donor name: matching never needs it). */
export interface ResourceOffer {
  id: string;
  donorKind: string | null;
  category: string;
  item: string | null;
  unit: string | null;
  lat: number | null;
  lon: number | null;
  municipality: string | null;
  availableUntil: string | null;
  /** quantity minus accepted allocations. */
  remaining: number;
}

/** An open request of an organization that is not dissolved, not past its needed-by date. */
export interface ResourceRequest {
  id: string;
  orgId: string;
  category: string;
  item: string | null;
  unit: string | null;
  neededBy: string | null;
  urgency: number | null;
  lat: number | null;
  lon: number | null;
  municipality: string | null;
  /** quantity minus accepted allocations. */
  remaining: number;
}

export interface ResourceData {
  offers: ResourceOffer[];
  requests: ResourceRequest[];
  /** request ID → offers it declined (never proposed again). */
  declined: Map<string, Set<string>>;
}

/** Reads everything one resources run needs, in key order (the run is deterministic). */
export function loadResourceData(db: Db, asOf: string): ResourceData {
  const acceptedBy = (col: 'offer_id' | 'request_id'): Map<string, number> => new Map(
    (db.prepare(`SELECT ${col} AS id, sum(quantity) AS n FROM resource_allocations WHERE status = 'accepted' GROUP BY ${col}`).all() as { id: string; n: number }[])
      .map((r) => [r.id, r.n]),
  );
  const offerUsed = acceptedBy('offer_id');
  const requestUsed = acceptedBy('request_id');
  const offers: ResourceOffer[] = [];
  for (const r of db.prepare(`SELECT offer_id, donor_kind, category, item, quantity, unit, lat, lon, municipality_code, available_until
      FROM resource_offers WHERE status = 'open' AND retired_run IS NULL ORDER BY offer_id`).iterate() as Iterable<Record<string, any>>) {
    offers.push({
      id: r.offer_id,
      donorKind: r.donor_kind,
      category: r.category,
      item: r.item,
      unit: r.unit,
      lat: r.lat,
      lon: r.lon,
      municipality: r.municipality_code,
      availableUntil: r.available_until,
      remaining: Math.max(0, r.quantity - (offerUsed.get(r.offer_id) ?? 0)),
    });
  }
  const requests: ResourceRequest[] = [];
  for (const r of db.prepare(`SELECT q.* FROM resource_requests q JOIN organizations g ON g.org_id = q.org_id
      WHERE q.status = 'open' AND q.retired_run IS NULL AND (q.needed_by IS NULL OR q.needed_by >= ?)
        AND g.status <> 'dissolved' AND g.retired_run IS NULL
      ORDER BY q.request_id`).iterate(asOf) as Iterable<Record<string, any>>) {
    requests.push({
      id: r.request_id,
      orgId: r.org_id,
      category: r.category,
      item: r.item,
      unit: r.unit,
      neededBy: r.needed_by,
      urgency: r.urgency,
      lat: r.lat,
      lon: r.lon,
      municipality: r.municipality_code,
      remaining: Math.max(0, r.quantity - (requestUsed.get(r.request_id) ?? 0)),
    });
  }
  const declined = new Map<string, Set<string>>();
  for (const r of db.prepare(`SELECT DISTINCT request_id, offer_id FROM resource_allocations WHERE status = 'declined'`).iterate() as Iterable<Record<string, string>>) {
    let set = declined.get(r.request_id!);
    if (!set) declined.set(r.request_id!, (set = new Set()));
    set.add(r.offer_id!);
  }
  return { offers, requests, declined };
}
