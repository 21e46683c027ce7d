/** English month names: what the sample prints and what formatDocument writes. */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower));
  return i < 0 ? null : i + 1;
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "21 January 2022", "January 21, 2022", "21.01.2022" or "2022-01-21" -> "2022-01-21". */
export function parseDate(text: string): string | null {
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /\b(\d{1,2})\.?\s+([A-Za-z]+\.?)\s+(\d{4})\b/.exec(text);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[1]));
  }
  m = /\b([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}
