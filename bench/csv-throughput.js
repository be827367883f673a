#!/usr/bin/env node
// CSV reader throughput: kyodo's strict tokenizer vs csv-parse vs papaparse vs uDSV.
//
//   npm run build            # or compile src/csv to KYODO_CSV_DIST
//   node bench/csv-throughput.js [--mb 100] [--file /tmp/kyodo-csv-bench.csv] [--runs 3]
//
// papaparse and udsv are not dependencies of kyodo: install them in a scratch
// directory and point CSV_BENCH_MODULES at its node_modules, e.g.
//   mkdir /tmp/csvbench && cd /tmp/csvbench && npm init -y && npm i papaparse udsv
//   CSV_BENCH_MODULES=/tmp/csvbench/node_modules node bench/csv-throughput.js
// Missing ones are skipped.
//
// The file: ~N MB UTF-8, CRLF, 15 columns of roster-like Japanese text, ~30% of
// cells quoted, some with embedded commas, doubled quotes and CRLF; seeded.
// MB/s = file bytes / wall time, median of --runs (1 MB = 10^6 bytes).
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../scripts/lib/rng.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const MB = Number(opt('mb', '100'));
const FILE = opt('file', `/tmp/kyodo-csv-bench-${MB}mb.csv`);
const RUNS = Number(opt('runs', '3'));
const ONLY = opt('only', '');
const CHUNK = 1 << 20;

const dist = resolve(process.env.KYODO_CSV_DIST ?? join(import.meta.dirname, '..', 'dist', 'csv'));
const { CsvTokenizer } = await import(pathToFileURL(join(dist, 'tokenizer.js')).href);
const { createDecoder } = await import(pathToFileURL(join(dist, 'decode.js')).href);
const reader = await import(pathToFileURL(join(dist, 'reader.js')).href);

const require = createRequire(import.meta.url);
const req = (name) => {
  const paths = [process.env.CSV_BENCH_MODULES, join(import.meta.dirname, '..', 'node_modules')].filter(Boolean);
  try {
    return require(require.resolve(name, { paths }));
  } catch {
    return undefined;
  }
};

// ---------- generator ----------
function generate(path, mb) {
  const r = createRng(42).next;
  const pick = (a) => a[Math.floor(r() * a.length)];
  const fam = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '髙橋', '吉田'];
  const given = ['花子', '太郎', '陽菜', '蓮', '結衣', '大翔', 'さくら', '翔太', '美咲', '健一'];
  const city = ['東京都千代田区', '大阪府大阪市北区', '北海道札幌市中央区', '福岡県福岡市博多区', '宮城県仙台市青葉区', '愛知県名古屋市中区'];
  const skills = ['介護', '子ども食堂', '災害救援', 'IT支援', '通訳(英語)', '会計', '広報', '農作業', '見守り'];
  const notes = ['特になし', '土日のみ可', '車あり、送迎可', '「平日夜」希望', '手話可\r\n要相談', '経験5年, 資格あり', '"初心者"です', '短時間のみ'];
  const cell = (v) => {
    const needs = /[",\r\n]/.test(v);
    if (needs || r() < 0.22) return `"${v.replaceAll('"', '""')}"`;
    return v;
  };
  const header = 'ボランティアID,氏名,フリガナ,生年月日,性別,電話番号,メール,郵便番号,住所,活動分野,スキル,活動可能日,登録日,同意,備考';
  const fd = openSync(path, 'w');
  writeSync(fd, header + '\r\n');
  let bytes = Buffer.byteLength(header) + 2;
  let id = 0;
  const target = mb * 1e6;
  let buf = [];
  while (bytes < target) {
    id++;
    const row = [
      String(id).padStart(7, '0'),
      `${pick(fam)} ${pick(given)}`,
      'サトウ ハナコ',
      `19${50 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      pick(['男', '女', 'その他', '']),
      `090-${1000 + Math.floor(r() * 9000)}-${1000 + Math.floor(r() * 9000)}`,
      `user${id}@example.jp`,
      `${100 + Math.floor(r() * 900)}-${1000 + Math.floor(r() * 9000)}`,
      `${pick(city)}${1 + Math.floor(r() * 9)}丁目${1 + Math.floor(r() * 30)}番`,
      `${1 + Math.floor(r() * 20)}`,
      r() < 0.3 ? `${pick(skills)},${pick(skills)}` : pick(skills),
      pick(['月,水,金', '土日', '平日', '']),
      '2024-04-01',
      r() < 0.8 ? '1' : '0',
      pick(notes),
    ];
    const line = row.map(cell).join(',') + '\r\n';
    buf.push(line);
    bytes += Buffer.byteLength(line);
    if (buf.length >= 10000) {
      writeSync(fd, buf.join(''));
      buf = [];
    }
  }
  writeSync(fd, buf.join(''));
  closeSync(fd);
}

if (!existsSync(FILE)) {
  process.stderr.write(`generating ${FILE} (${MB} MB)...\n`);
  generate(FILE, MB);
}
const size = statSync(FILE).size;

// ---------- contenders; each returns the record count ----------
async function readDecodeOnly() {
  const td = new TextDecoder('utf-8', { fatal: true });
  let chars = 0;
  for await (const b of createReadStream(FILE, { highWaterMark: CHUNK })) chars += td.decode(b, { stream: true }).length;
  return chars;
}
async function kyodoStream() {
  const tok = new CsvTokenizer({ file: FILE });
  const dec = createDecoder('utf-8', { currentLine: () => tok.lineReached() });
  let n = 0;
  for await (const b of createReadStream(FILE, { highWaterMark: CHUNK })) n += tok.push(dec.decode(b)).length;
  n += tok.push(dec.end()).length + tok.end().length;
  return n;
}
async function kyodoReadCsv() {
  const r = await reader.readCsv(FILE, { encoding: 'auto' });
  let n = 1;
  for await (const batch of r.batches()) n += batch.length;
  return n;
}
let decodedChunks;
function kyodoTokenizeOnly() {
  const tok = new CsvTokenizer();
  let n = 0;
  for (const c of decodedChunks) n += tok.push(c).length;
  return n + tok.end().length;
}
async function csvParse() {
  const { parse } = req('csv-parse');
  const p = createReadStream(FILE, { highWaterMark: CHUNK }).pipe(parse({ bom: true }));
  let n = 0;
  for await (const _ of p) n++;
  return n;
}
const Papa = req('papaparse');
function papaparse() {
  return new Promise((res, rej) => {
    let n = 0;
    Papa.parse(createReadStream(FILE, { highWaterMark: CHUNK, encoding: 'utf8' }), {
      chunk: (results) => {
        n += results.data.length;
      },
      complete: () => res(n),
      error: rej,
    });
  });
}
const udsv = req('udsv');
async function uDSV() {
  let parser;
  let n = 0;
  const count = () => {
    n++;
  };
  const td = new TextDecoder();
  for await (const b of createReadStream(FILE, { highWaterMark: CHUNK })) {
    const s = td.decode(b, { stream: true });
    parser ??= udsv.initParser(udsv.inferSchema(s));
    parser.chunk(s, parser.stringArrs, count);
  }
  parser.end();
  return n;
}

const contenders = [
  ['read + decode only', readDecodeOnly],
  ['kyodo tokenizer only (pre-decoded text)', kyodoTokenizeOnly],
  ['kyodo decode + tokenize (1 MiB chunks)', kyodoStream],
  ['kyodo readCsv().batches()', kyodoReadCsv],
  ['csv-parse 7 stream (arrays, bom)', req('csv-parse') && csvParse],
  ['papaparse stream (chunk callback)', Papa && papaparse],
  ['uDSV parser.chunk (stringArrs)', udsv && uDSV],
].filter(([name, f]) => f && (ONLY === '' || name.includes(ONLY)));

decodedChunks = [];
{
  const td = new TextDecoder();
  const all = readFileSync(FILE);
  for (let i = 0; i < all.length; i += CHUNK) decodedChunks.push(td.decode(all.subarray(i, i + CHUNK), { stream: true }));
}
console.log(`file: ${FILE}, ${(size / 1e6).toFixed(1)} MB, node ${process.version}, median of ${RUNS}`);
const results = [];
for (const [name, f] of contenders) {
  const times = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    count = await f();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const t = times[Math.floor(times.length / 2)];
  const row = { name, seconds: +t.toFixed(3), 'MB/s': +(size / 1e6 / t).toFixed(1), count };
  results.push(row);
  console.log(`${name.padEnd(42)} ${t.toFixed(3)} s  ${(size / 1e6 / t).toFixed(1).padStart(6)} MB/s  (${count})`);
}
