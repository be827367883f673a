// A large, valid volunteers roster for the import benchmarks (UTF-8, native English header, 15 columns).
//
//   node bench/generate-volunteers.js OUT.csv [ROWS=1000000] [--seed N]
//   node bench/generate-volunteers.js OUT.csv --change-percent 1 --base BASE.csv [--seed N]
//
// The first form writes ROWS volunteers (~231 bytes a row, ~30% of cells quoted); every value is valid, so an
// import rejects nothing. The second copies BASE.csv and changes P% of its rows (phone, max_assignments and
// availability), chosen by a hash of the row number and the seed, for the nightly re-import benchmark; all other
// lines are copied byte for byte. Output is streamed in chunks with backpressure: memory stays bounded.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createRng, hashInt } from '../scripts/lib/rng.js';
import { csvRecord, parseCsvLine } from '../scripts/lib/csv.js';
import { WARD, address, dateBetween, email, formatDate, person, phone } from '../scripts/lib/people.js';
import { SKILL_WORDS, fieldsCell, slotsCell } from '../scripts/lib/roster-values.js';

export const HEADER = [
  'volunteer_id', 'name', 'kana', 'birth_date', 'gender', 'postal_code', 'address', 'municipality_code', 'phone', 'email',
  'skills', 'interests', 'availability', 'max_assignments', 'consent_share',
];
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));
// Lists and addresses are always quoted, as spreadsheet exports do, and so is every other name
// (QUOTED_WITH_NAME): ~30% of all cells.
const QUOTED = new Set([COL.address, COL.skills, COL.interests, COL.availability]);
const QUOTED_WITH_NAME = new Set([...QUOTED, COL.name]);
const CHUNK_ROWS = 2000;
const SKILLS = SKILL_WORDS.map(([w, weight]) => [w, weight]);
const FIELD_NUMBERS = Array.from({ length: 19 }, (_, i) => i + 1);

/** One valid volunteer row (cells) for data row `n` (1-based). */
export function volunteerRow(rng, n) {
  const id = `V${String(n).padStart(7, '0')}`;
  const p = person(rng);
  const addr = address(rng);
  const birth = dateBetween(rng, '1940-04-02', '2008-03-31');
  const skillCount = rng.weighted([[0, 2], [1, 4], [2, 3], [3, 1]]);
  const skills = new Set();
  while (skills.size < skillCount) skills.add(rng.weighted(SKILLS));
  const interests = rng.sample(FIELD_NUMBERS, rng.weighted([[1, 5], [2, 3], [3, 1]])).sort((a, b) => a - b);
  const cells = [
    id,
    p.name,
    p.kana,
    formatDate(birth, rng.weighted([['iso', 6], ['kanji', 2], ['initial', 1], ['slash', 1]])),
    rng.weighted([[p.gender, 8], ['', 2]]),
    addr.postal,
    addr.full,
    WARD.code,
    phone(rng),
    email(rng, n.toString(36)),
    [...skills].join(','),
    fieldsCell(rng, interests),
    slotsCell(rng),
    String(rng.weighted([[1, 5], [2, 3], [3, 2]])),
    rng.weighted([['true', 4], ['false', 2], ['はい', 2], ['いいえ', 1]]),
  ];
  return cells;
}

async function write(out, text) {
  if (!out.write(text)) await once(out, 'drain');
}

async function finish(out) {
  out.end();
  await once(out, 'finish');
}

/** Writes `rows` valid volunteers to `file`, seeded; same seed and rows → same bytes. */
export async function generateVolunteersCsv(file, { rows = 1_000_000, seed = 1 } = {}) {
  const rng = createRng(seed);
  const out = createWriteStream(file);
  await write(out, `${HEADER.join(',')}\n`);
  let chunk = [];
  for (let n = 1; n <= rows; n++) {
    chunk.push(csvRecord(volunteerRow(rng, n), n % 2 === 0 ? QUOTED_WITH_NAME : QUOTED));
    if (chunk.length === CHUNK_ROWS || n === rows) {
      await write(out, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  await finish(out);
}

/** Copies `base` to `file` with `percent`% of its data rows changed (chosen by row number and seed); returns how many changed. */
export async function changeVolunteersCsv(file, { base, percent, seed = 1 }) {
  const threshold = Math.round((percent / 100) * 2 ** 32);
  const out = createWriteStream(file);
  const lines = createInterface({ input: createReadStream(base, 'utf8'), crlfDelay: Infinity });
  let n = -1;
  let changed = 0;
  let chunk = [];
  for await (const line of lines) {
    n++;
    if (n > 0 && line !== '' && hashInt(n, seed) < threshold) {
      const cells = parseCsvLine(line);
      if (cells.length !== HEADER.length) throw new Error(`${base}:${n + 1}: expected ${HEADER.length} cells, found ${cells.length}`);
      const rng = createRng(hashInt(n, seed ^ 0x5bd1e995));
      let newPhone = phone(rng);
      while (newPhone === cells[COL.phone]) newPhone = phone(rng);
      cells[COL.phone] = newPhone;
      cells[COL.max_assignments] = String((Number(cells[COL.max_assignments]) % 3) + 1);
      cells[COL.availability] = slotsCell(rng);
      chunk.push(csvRecord(cells, n % 2 === 0 ? QUOTED_WITH_NAME : QUOTED));
      changed++;
    } else {
      chunk.push(line);
    }
    if (chunk.length === CHUNK_ROWS) {
      await write(out, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(out, `${chunk.join('\n')}\n`);
  await finish(out);
  return changed;
}

function usage(message) {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: node bench/generate-volunteers.js OUT.csv [ROWS=1000000] [--seed N] [--change-percent P --base BASE.csv]\n');
  process.exitCode = 2;
}

async function main(argv) {
  const positional = [];
  let seed = 1;
  let percent;
  let base;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--seed') seed = Number(value());
    else if (flag === '--change-percent') percent = Number(value());
    else if (flag === '--base') base = value();
    else if (flag === '-h' || flag === '--help') return usage();
    else if (flag.startsWith('--')) return usage(`unknown option ${flag}`);
    else positional.push(a);
  }
  const [file, rowsArg] = positional;
  if (!file) return usage('missing OUT.csv');
  if (!Number.isInteger(seed)) return usage('--seed must be an integer');
  const started = Date.now();
  if (percent !== undefined || base !== undefined) {
    if (!base || percent === undefined || !(percent >= 0 && percent <= 100)) return usage('--change-percent P (0–100) and --base BASE.csv go together');
    const changed = await changeVolunteersCsv(file, { base, percent, seed });
    process.stderr.write(`wrote ${file}: ${base} with ${changed} rows changed (${percent}%) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return;
  }
  const rows = rowsArg === undefined ? 1_000_000 : Number(rowsArg);
  if (!Number.isInteger(rows) || rows < 0) return usage(`ROWS must be a non-negative integer, got ${rowsArg}`);
  await generateVolunteersCsv(file, { rows, seed });
  process.stderr.write(`wrote ${file}: ${rows} volunteers in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
