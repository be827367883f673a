// Seeded synthetic ward for the end-to-end matching benchmark: volunteers and openings written
// straight into a fresh kyodo database (the import path has its own benchmark).
// Density is fixed per km² so that a volunteer has about 30 allowed openings whatever the size.
import Database from 'better-sqlite3';
import { createRng } from '../../scripts/lib/rng.js';

const SKILLS = ['手話', 'パソコン', '運転', '調理', '英語', '介護', '保育', '写真', '傾聴', '点訳'];
const PROFESSIONS = ['弁護士', '税理士', 'デザイナー', 'エンジニア', '社会保険労務士'];
const SLOTS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((d) => ['am', 'pm', 'night'].map((p) => `${d}-${p}`));

/** Fills DB (already initialised by `kyodo init`) with N volunteers and M openings. */
export function populateMatchingDb(path, { volunteers, openings, seed = 7 }) {
  const rnd = createRng(seed).next;
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  // ~60 openings within the 10 km default radius of a point: area per opening ≈ π·10²/60 km².
  const areaKm2 = (openings * Math.PI * 100) / 60;
  const sideKm = Math.sqrt(areaKm2);
  const lat0 = 35.0;
  const lon0 = 139.0;
  const place = () => [lat0 + (rnd() * sideKm) / 111, lon0 + (rnd() * sideKm) / 91];
  const mask = (slots) => slots.reduce((m, s) => m | (1 << SLOTS.indexOf(s)), 0);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('BEGIN');
  const orgCount = Math.max(1, Math.round(openings / 3));
  const org = db.prepare(`INSERT INTO organizations (org_id, name, status, created_run, updated_run) VALUES (?, ?, 'active', 0, 0)`);
  for (let i = 0; i < orgCount; i++) org.run(`N${String(i).padStart(6, '0')}`, `団体${i}`);
  const vol = db.prepare(`INSERT INTO volunteers (volunteer_id, name, birth_date, lat, lon, municipality_code, skills, interests, interests_mask, availability, availability_mask, max_assignments, profession, consent_share, status, created_run, updated_run)
    VALUES (?, ?, ?, ?, ?, '131903', ?, '[]', ?, ?, ?, ?, ?, 1, 'active', 0, 0)`);
  for (let i = 0; i < volunteers; i++) {
    const [lat, lon] = place();
    const skills = [...new Set([pick(SKILLS), pick(SKILLS), ...(rnd() < 0.5 ? [pick(SKILLS)] : [])])];
    const slots = [...new Set(Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => pick(SLOTS)))];
    const interests = Array.from({ length: 20 }, (_, k) => k).filter(() => rnd() < 0.15).reduce((m, k) => m | (1 << k), 0);
    vol.run(`V${String(i).padStart(7, '0')}`, `ボランティア${i}`, `${1950 + Math.floor(rnd() * 55)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      lat, lon, JSON.stringify(skills), interests, JSON.stringify(slots), mask(slots), rnd() < 0.85 ? 1 : 2 + Math.floor(rnd() * 2),
      rnd() < 0.03 ? pick(PROFESSIONS) : null);
  }
  const op = db.prepare(`INSERT INTO openings (opening_id, org_id, title, kind, fields, fields_mask, required_skills, preferred_skills, slots, schedule, schedule_mask, start_date, lat, lon, municipality_code, remote, min_age, profession, status, created_run, updated_run)
    VALUES (?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, '2026-04-01', ?, ?, '131903', 0, ?, ?, 'open', 0, 0)`);
  for (let j = 0; j < openings; j++) {
    const [lat, lon] = place();
    const proBono = rnd() < 0.03;
    const schedule = rnd() < 0.2 ? [] : [...new Set(Array.from({ length: 2 + Math.floor(rnd() * 6) }, () => pick(SLOTS)))];
    const fields = (1 << Math.floor(rnd() * 20)) | (rnd() < 0.5 ? 1 << Math.floor(rnd() * 20) : 0);
    op.run(`OP${String(j).padStart(6, '0')}`, `N${String(j % orgCount).padStart(6, '0')}`, `募集${j}`, proBono ? 'pro_bono' : 'one_off', fields,
      JSON.stringify(rnd() < 0.3 ? [pick(SKILLS)] : []), JSON.stringify(rnd() < 0.6 ? [pick(SKILLS), pick(SKILLS)] : []), 1 + Math.floor(rnd() * 10),
      JSON.stringify(schedule), mask(schedule), lat, lon, rnd() < 0.2 ? 18 : null, proBono ? pick(PROFESSIONS) : null);
  }
  db.exec('COMMIT');
  db.close();
}
