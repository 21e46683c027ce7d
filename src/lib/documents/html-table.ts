// A table of signatories: one entry a row, "N. Name, Country", its columns told by a header row
// naming them (Organisation | Country, Organisation | Land, Организация | Страна) or, without
// one, by the last cell naming a country. A table that is no such list (a page laid out in one)
// is read as paragraphs by the caller.
import { countryFromName } from '../country-detect.js';
import { fold } from '../fold.js';
import { isElement, type DomElement } from './dom.js';
import { inlineText, type TextWriter } from './html-writer.js';

/** A country column's heading, in the languages lists are published in (folded: no case or accents). */
const COUNTRY_HEADINGS = new Set(
  [
    'country',
    'countries',
    'country/region',
    'land',
    'lander',
    'staat',
    'pays',
    'pais',
    'paises',
    'paese',
    'paesi',
    'nazione',
    'ulke',
    'страна',
    'страны',
  ].map(fold),
);
/** A number column's heading. */
const NUMBER_HEADINGS = new Set(
  ['#', 'no', 'nr', 'n°', 'nº', '№', 'num', 'numero', 'number', 'nummer', 'n', 'sira', 'п/п', '№ п/п'].map(fold),
);

const heading = (text: string) => fold(text).replace(/[.:]+$/, '');
const children = (element: DomElement, names: readonly string[]) =>
  [...element.childNodes].filter(isElement).filter((child) => names.includes(child.localName));
const NUMBER_CELL = /^(\d{1,6})\s*[.)]?$/;

/** The table's own rows (not a nested table's), in order. */
function rows(table: DomElement): DomElement[] {
  return children(table, ['thead', 'tbody', 'tfoot', 'tr']).flatMap((part) =>
    part.localName === 'tr' ? [part] : children(part, ['tr']),
  );
}

interface Columns {
  header: boolean;
  country: number | null;
  number: number | null;
}

/** Which column holds the country and which the number, and whether the first row names them. */
function columns(table: DomElement[], cells: string[][]): Columns {
  const first = cells[0] ?? [];
  const firstRow = table[0];
  const named = first.findIndex((cell) => COUNTRY_HEADINGS.has(heading(cell)));
  const header =
    named >= 0 ||
    first.some((cell) => NUMBER_HEADINGS.has(heading(cell))) ||
    firstRow?.parentElement?.localName === 'thead' ||
    (firstRow !== undefined && children(firstRow, ['td']).length === 0);
  const data = (header ? cells.slice(1) : cells).filter((row) => row.length > 1);
  const numberNamed = header ? first.findIndex((cell) => NUMBER_HEADINGS.has(heading(cell))) : -1;
  const numbered = data.length > 0 && data.every((row) => NUMBER_CELL.test(row[0] ?? ''));
  // Without a heading, the last cell is the country when it names one in most rows.
  const lastIsCountry =
    data.length > 0 && data.filter((row) => countryFromName(row.at(-1) ?? '') !== null).length * 2 >= data.length;
  return {
    header,
    country: named >= 0 ? named : lastIsCountry ? Math.max(...data.map((row) => row.length)) - 1 : null,
    number: numberNamed >= 0 ? numberNamed : numbered ? 0 : null,
  };
}

/** Whether any cell holds paragraphs, lists or tables of its own: a page laid out in a table. */
function laidOut(table: DomElement[]): boolean {
  return table.some((row) =>
    children(row, ['td', 'th']).some(
      (cell) => [...cell.querySelectorAll('p, div, ul, ol, table, h1, h2, h3')].length > 0,
    ),
  );
}

/**
 * Writes the table's rows as entries, when it is a list: it has a country column, or it follows
 * the signatories header and its cells hold one line each. Returns false (writing nothing) otherwise.
 */
export function writeTable(table: DomElement, out: TextWriter): boolean {
  const own = rows(table);
  const cells = own.map((row) => children(row, ['td', 'th']).map(inlineText));
  const { header, country, number } = columns(own, cells);
  if (country === null && !(out.afterHeader && !laidOut(own))) return false;
  for (const row of header ? cells.slice(1) : cells) {
    const name = row.filter((cell, i) => i !== country && i !== number && cell !== '').join(' ');
    if (name === '') continue;
    const place = country === null ? '' : (row[country] ?? '');
    const printed = number === null ? null : NUMBER_CELL.exec(row[number] ?? '')?.[1];
    out.entry(
      printed === undefined || printed === null ? out.next : Number(printed),
      place === '' || name.endsWith(`, ${place}`) ? name : `${name}, ${place}`,
    );
  }
  return true;
}
