/** Small Gregorian helpers shared by the date, era and fiscal-year parsers (no Date objects on the hot path). */

/** True for a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in month `m` (1–12) of year `y`; 0 for a month outside 1–12. */
export function daysInMonth(y: number, m: number): number {
  if (m < 1 || m > 12) return 0;
  return m === 2 && isLeapYear(y) ? 29 : (DAYS[m - 1] as number);
}

/** `YYYY-MM-DD` from numbers (no validation: callers check with daysInMonth first). */
export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** True when `s` has the exact shape `YYYY-MM-DD` and names a real calendar day. */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return false;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  return y >= 0 && m >= 1 && d >= 1 && d <= daysInMonth(y, m);
}

/** Value of the ASCII digits s[from..to), or -1 if any is not a digit. */
export function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's algorithm: integer-only, no Date allocation). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** ISO date of a day count since 1970-01-01 (inverse of daysFromCivil). */
export function civilFromDays(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** The ISO date `days` days after `iso` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return civilFromDays(daysFromCivil(digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10)) + days);
}

/** The calendar day in Japan (UTC+9, no daylight saving) of an instant: what the KPI report counts a decision under. */
export function japanDate(t: Date | string): string {
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}
