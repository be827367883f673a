import type { Db } from '../../db/open.js';

/** An open booking request on or after the as-of date, of an organization that is not dissolved. */
export interface BookingRequest {
  id: string;
  orgId: string;
  date: string;
  /** Minutes after midnight; start < end. */
  start: number;
  end: number;
  startTime: string;
  endTime: string;
  headcount: number | null;
  equipment: string[];
  maxFee: number | null;
  area: string | null;
  lat: number | null;
  lon: number | null;
  preferredFacility: string | null;
}

/** A room of a facility that is not retired. */
export interface Room {
  facilityId: string;
  room: string;
  name: string;
  municipality: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  capacity: number | null;
  equipment: string[];
  feePerHour: number | null;
  /** Weekdays open (0 = mon … 6 = sun); null when the roster does not say. */
  openDays: Set<number> | null;
  openFrom: number | null;
  openTo: number | null;
}

/** A time a room is taken on a date: an imported booking or an accepted proposal. */
export interface Taken {
  facilityId: string;
  room: string;
  date: string;
  start: number;
  end: number;
}

export interface FacilityMatchingData {
  requests: BookingRequest[];
  rooms: Room[];
  taken: Taken[];
  /** request ID → rooms (`facility_id \u001f room`, see roomKey) it declined: never proposed again. */
  declined?: Map<string, Set<string>>;
}

/** The key of a room in FacilityMatchingData.declined. */
export function roomKey(facilityId: string, room: string): string {
  return `${facilityId}\u001f${room}`;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** HH:MM → minutes after midnight (24:00 → 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** HH:MM of minutes after midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Weekday of an ISO date, 0 = Monday … 6 = Sunday. */
export function weekdayOf(iso: string): number {
  const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
  return (d.getUTCDay() + 6) % 7;
}

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

/**
 * Everything one facilities run needs, in key order (the run is deterministic):
 * open requests dated on or after `asOf` that no accepted proposal or booking serves
 * yet, the live rooms, and every booked interval (imported bookings not cancelled or
 * retired, and accepted proposals, which block their room even before the facility's
 * own export lists them), and the rooms each request declined.
 */
export function loadFacilityData(db: Db, asOf: string): FacilityMatchingData {
  const served = new Set<string>([
    ...(db.prepare(`SELECT request_id FROM facility_proposals WHERE status = 'accepted'`).pluck().all() as string[]),
    ...(db.prepare(`SELECT request_id FROM bookings WHERE request_id IS NOT NULL AND status = 'booked' AND retired_run IS NULL`).pluck().all() as string[]),
  ]);
  const requests: BookingRequest[] = [];
  for (const r of db.prepare(`SELECT b.* FROM booking_requests b JOIN organizations g ON g.org_id = b.org_id
      WHERE b.status = 'open' AND b.retired_run IS NULL AND b.date >= ? AND g.status <> 'dissolved' AND g.retired_run IS NULL
      ORDER BY b.request_id`).iterate(asOf) as Iterable<Record<string, any>>) {
    if (served.has(r.request_id)) continue;
    requests.push({
      id: r.request_id,
      orgId: r.org_id,
      date: r.date,
      start: minutesOf(r.start_time),
      end: minutesOf(r.end_time),
      startTime: r.start_time,
      endTime: r.end_time,
      headcount: r.headcount,
      equipment: parseList(r.equipment),
      maxFee: r.max_fee,
      area: r.area,
      lat: r.lat,
      lon: r.lon,
      preferredFacility: r.preferred_facility_id,
    });
  }
  const rooms: Room[] = [];
  for (const r of db.prepare(`SELECT facility_id, room, name, municipality_code, address, lat, lon, capacity, equipment, fee_per_hour, open_days, open_from, open_to
      FROM facilities WHERE retired_run IS NULL ORDER BY facility_id, room`).iterate() as Iterable<Record<string, any>>) {
    rooms.push({
      facilityId: r.facility_id,
      room: r.room,
      name: r.name,
      municipality: r.municipality_code,
      address: r.address,
      lat: r.lat,
      lon: r.lon,
      capacity: r.capacity,
      equipment: parseList(r.equipment),
      feePerHour: r.fee_per_hour,
      openDays: r.open_days ? new Set(parseList(r.open_days).map((d) => WEEKDAYS.indexOf(d)).filter((i) => i >= 0)) : null,
      openFrom: r.open_from ? minutesOf(r.open_from) : null,
      openTo: r.open_to ? minutesOf(r.open_to) : null,
    });
  }
  const taken: Taken[] = [];
  const takenRows = db.prepare(`SELECT facility_id, room, date, start_time, end_time FROM bookings
      WHERE status = 'booked' AND retired_run IS NULL AND date >= ?
    UNION ALL
    SELECT facility_id, room, date, start_time, end_time FROM facility_proposals WHERE status = 'accepted' AND date >= ?
    ORDER BY 1, 2, 3, 4, 5`).iterate(asOf, asOf) as Iterable<Record<string, string>>;
  for (const r of takenRows) {
    taken.push({ facilityId: r.facility_id!, room: r.room!, date: r.date!, start: minutesOf(r.start_time!), end: minutesOf(r.end_time!) });
  }
  // A declined (request, room) pair is not proposed again, as for volunteers and resources.
  const declined = new Map<string, Set<string>>();
  for (const r of db.prepare(`SELECT DISTINCT request_id, facility_id, room FROM facility_proposals WHERE status = 'declined' ORDER BY 1, 2, 3`).iterate() as Iterable<Record<string, string>>) {
    let set = declined.get(r.request_id!);
    if (!set) declined.set(r.request_id!, (set = new Set()));
    set.add(roomKey(r.facility_id!, r.room!));
  }
  return { requests, rooms, taken, declined };
}
