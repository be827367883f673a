import type { Db } from '../../db/open.js';

/** An active volunteer as matching sees them (no contact data: matching never needs it). */
export interface Volunteer {
  id: string;
  birthDate: string | null;
  /** The birth date as a yyyymmdd number (age checks without parsing per pair). */
  birth: number | null;
  lat: number | null;
  lon: number | null;
  municipality: string | null;
  skills: Set<string>;
  interests: number;
  availability: number;
  profession: string | null;
  /** max_assignments minus accepted matches. */
  capacity: number;
  everMatched: boolean;
}

/** An opening that is open on the as-of date, of an organization that is not dissolved. */
export interface Opening {
  id: string;
  orgId: string;
  title: string;
  kind: string | null;
  fields: number;
  requiredSkills: string[];
  preferredSkills: string[];
  schedule: number;
  startDate: string | null;
  lat: number | null;
  lon: number | null;
  municipality: string | null;
  radiusKm: number | null;
  remote: boolean;
  minAge: number | null;
  profession: string | null;
  /** slots minus accepted and completed matches. */
  capacity: number;
  slots: number;
}

export interface MatchingData {
  volunteers: Volunteer[];
  openings: Opening[];
  /** "volunteer\u001fopening" → why the pair may not be proposed again. */
  history: Map<string, 'matched' | 'declined'>;
  /** Organizations that got nobody in the last saved run. */
  unservedOrgs: Set<string>;
}

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

/** Reads everything one volunteer matching run needs, in key order (the run is deterministic). */
export function loadMatchingData(db: Db, asOf: string): MatchingData {
  const accepted = new Map<string, number>();
  for (const r of db.prepare(`SELECT volunteer_id AS id, count(*) AS n FROM matches WHERE status = 'accepted' GROUP BY volunteer_id`).all() as { id: string; n: number }[]) {
    accepted.set(r.id, r.n);
  }
  const everMatched = new Set(db.prepare(`SELECT DISTINCT volunteer_id FROM matches WHERE status IN ('accepted', 'completed')`).pluck().all() as string[]);
  const volunteers: Volunteer[] = [];
  for (const r of db.prepare(`SELECT volunteer_id, birth_date, lat, lon, municipality_code, skills, interests_mask, availability_mask, max_assignments, profession
      FROM volunteers WHERE status = 'active' AND retired_run IS NULL ORDER BY volunteer_id`).iterate() as Iterable<Record<string, any>>) {
    volunteers.push({
      id: r.volunteer_id,
      birthDate: r.birth_date,
      birth: r.birth_date ? dateNumber(r.birth_date) : null,
      lat: r.lat,
      lon: r.lon,
      municipality: r.municipality_code,
      skills: new Set(parseList(r.skills)),
      interests: r.interests_mask ?? 0,
      availability: r.availability_mask ?? 0,
      profession: r.profession,
      capacity: Math.max(0, r.max_assignments - (accepted.get(r.volunteer_id) ?? 0)),
      everMatched: everMatched.has(r.volunteer_id),
    });
  }
  const used = new Map<string, number>();
  for (const r of db.prepare(`SELECT opening_id AS id, count(*) AS n FROM matches WHERE status IN ('accepted', 'completed') GROUP BY opening_id`).all() as { id: string; n: number }[]) {
    used.set(r.id, r.n);
  }
  const openings: Opening[] = [];
  for (const r of db.prepare(`SELECT o.* FROM openings o JOIN organizations g ON g.org_id = o.org_id
      WHERE o.status = 'open' AND o.retired_run IS NULL AND (o.end_date IS NULL OR o.end_date >= ?)
        AND g.status <> 'dissolved' AND g.retired_run IS NULL
      ORDER BY o.opening_id`).iterate(asOf) as Iterable<Record<string, any>>) {
    openings.push({
      id: r.opening_id,
      orgId: r.org_id,
      title: r.title,
      kind: r.kind,
      fields: r.fields_mask ?? 0,
      requiredSkills: parseList(r.required_skills),
      preferredSkills: parseList(r.preferred_skills),
      schedule: r.schedule_mask ?? 0,
      startDate: r.start_date,
      lat: r.lat,
      lon: r.lon,
      municipality: r.municipality_code,
      radiusKm: r.radius_km,
      remote: r.remote === 1,
      minAge: r.min_age,
      profession: r.profession,
      capacity: Math.max(0, r.slots - (used.get(r.opening_id) ?? 0)),
      slots: r.slots,
    });
  }
  const history = new Map<string, 'matched' | 'declined'>();
  for (const r of db.prepare(`SELECT volunteer_id, opening_id, status FROM matches WHERE status IN ('accepted', 'completed', 'declined')`).iterate() as Iterable<Record<string, string>>) {
    const key = `${r.volunteer_id}\u001f${r.opening_id}`;
    if (r.status === 'declined' || !history.has(key)) history.set(key, r.status === 'declined' ? 'declined' : 'matched');
  }
  const lastRun = db.prepare(`SELECT max(run_id) FROM match_runs WHERE kind = 'volunteers'`).pluck().get() as number | null;
  const unservedOrgs = new Set<string>(lastRun === null ? [] : (db.prepare(`SELECT DISTINCT org_id FROM match_unfilled WHERE run_id = ?
      AND org_id NOT IN (SELECT org_id FROM matches WHERE run_id = ?)`).pluck().all(lastRun, lastRun) as string[]));
  return { volunteers, openings, history, unservedOrgs };
}

/** An ISO date as the number yyyymmdd. */
export function dateNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

/** Age in whole years on a date (birthdays on Feb 29 count from Mar 1 in common years). */
export function ageOn(birthDate: string, date: string): number {
  return Math.floor((dateNumber(date) - dateNumber(birthDate)) / 10000);
}
