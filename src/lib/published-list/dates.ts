import { fold } from '../fold.js';
import { englishSpec, languageSpec, type LanguageSpec } from './languages.js';

/**
 * Dates as the lists print them, in every supported language: "21 January 2022", "2. April
 * 2022", "1er mars 2022", "9 de abril de 2022", "21 января 2022 г.", plus "January 21, 2022",
 * "21.01.2022" and "2022-01-21". Month names come from Intl, not from a table here: the
 * stand-alone form ("январь"), the form used in a date ("января") and the short forms ("янв.",
 * "Sept."), all folded so case, accents and scripts do not matter.
 */

const monthTables = new Map<string, Map<string, number>>();

function monthPart(locale: string, options: Intl.DateTimeFormatOptions, date: Date): string {
  const parts = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).formatToParts(date);
  return parts.find((p) => p.type === 'month')?.value ?? '';
}

/** Folded month name -> month number, for one language. */
function monthTable(spec: LanguageSpec): Map<string, number> {
  let table = monthTables.get(spec.tag);
  if (!table) {
    table = new Map();
    for (let month = 1; month <= 12; month++) {
      const date = new Date(Date.UTC(2000, month - 1, 15));
      const forms = [
        monthPart(spec.locale, { month: 'long' }, date),
        monthPart(spec.locale, { month: 'short' }, date),
        monthPart(spec.locale, { day: 'numeric', month: 'long' }, date),
        monthPart(spec.locale, { day: 'numeric', month: 'short' }, date),
      ];
      for (const form of forms) {
        const key = fold(form).replace(/\.$/, '');
        if (key !== '') table.set(key, month);
      }
    }
    monthTables.set(spec.tag, table);
  }
  return table;
}

/**
 * A month named by a whole form or by a prefix of at least three letters ("Sept", "janv"), in
 * the document's language or in English; null when unknown or when the prefix fits two months.
 */
function monthNumber(word: string, spec: LanguageSpec): number | null {
  const token = fold(word).replace(/\.$/, '');
  if (token.length < 3) return null;
  for (const table of [monthTable(spec), monthTable(englishSpec())]) {
    const exact = table.get(token);
    if (exact !== undefined) return exact;
    const months = new Set([...table].filter(([form]) => form.startsWith(token)).map(([, month]) => month));
    if (months.size === 1) return [...months][0] ?? null;
  }
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first date in text, as YYYY-MM-DD; month names in lang (a BCP 47 tag) or English. */
export function parseDate(text: string, lang = 'en'): string | null {
  const spec = languageSpec(lang);
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  // Folded, so "März", "Ocak" and "января" are plain letters; "1er", "1º" (folded "1o") and
  // "2." are day forms, Spanish and Portuguese put "de" around the month.
  const folded = fold(text);
  m = /\b(\d{1,2})(?:er|re|o)?\.?\s+(?:de\s+)?([a-z]+)\.?,?\s+(?:de\s+)?(\d{4})\b/.exec(folded);
  if (m) {
    const month = monthNumber(m[2] ?? '', spec);
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[1]));
  }
  m = /\b([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(folded);
  if (m) {
    const month = monthNumber(m[1] ?? '', spec);
    if (month !== null) return isoDate(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

/** "2022-01-21" as the language prints it: "21 January 2022", "21. Januar 2022", "1er mars 2022". */
export function formatDate(iso: string, lang = 'en'): string {
  const spec = languageSpec(lang);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  // Before the year 1000 a date in words has no four-digit year to read back (and year 0 is
  // "1 BC" to Intl): such a date is written as it is stored, which parseDate reads in any language.
  if (!m || Number(m[1]) < 1000 || isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === null) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const parts = new Intl.DateTimeFormat(spec.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(date);
  // ICU puts no-break spaces in some dates ("2022\u202Fг."), differently across versions; the
  // lists are plain text, so plain spaces.
  return parts
    .map((p) => (p.type === 'day' && p.value === '1' ? `1${spec.firstDaySuffix}` : p.value))
    .join('')
    .replace(/[\u00A0\u202F]/g, ' ');
}
