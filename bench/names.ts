/**
 * Deterministic, realistic-looking organizations and published lists. Everything is a pure
 * function of an index, so the generator (before the server starts) and the import lists (made
 * later, in another process) agree on which names already exist without sharing state.
 */

/** Real ISO codes with the English name the importer reads back from `, Country`. */
const COUNTRIES: readonly (readonly [string, string])[] = [
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['IT', 'Italy'],
  ['ES', 'Spain'],
  ['PT', 'Portugal'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['AT', 'Austria'],
  ['CH', 'Switzerland'],
  ['PL', 'Poland'],
  ['CZ', 'Czechia'],
  ['GR', 'Greece'],
  ['TR', 'Turkey'],
  ['BG', 'Bulgaria'],
  ['RO', 'Romania'],
  ['UA', 'Ukraine'],
  ['SE', 'Sweden'],
  ['NO', 'Norway'],
  ['DK', 'Denmark'],
  ['FI', 'Finland'],
  ['IE', 'Ireland'],
  ['IN', 'India'],
  ['NP', 'Nepal'],
  ['BD', 'Bangladesh'],
  ['PH', 'Philippines'],
  ['ID', 'Indonesia'],
  ['JP', 'Japan'],
  ['AU', 'Australia'],
  ['ZA', 'South Africa'],
  ['NG', 'Nigeria'],
  ['KE', 'Kenya'],
  ['MA', 'Morocco'],
  ['TN', 'Tunisia'],
  ['EG', 'Egypt'],
  ['BR', 'Brazil'],
  ['AR', 'Argentina'],
  ['CL', 'Chile'],
  ['PE', 'Peru'],
  ['CO', 'Colombia'],
  ['MX', 'Mexico'],
  ['CA', 'Canada'],
  ['US', 'United States'],
];

/** Word kinds an organization calls itself; the English form, and one native form. */
const KINDS: readonly (readonly [string, string])[] = [
  ['Workers Party', 'Partido Obrero'],
  ['Communist Party', 'Kommunistische Partei'],
  ['Socialist League', 'Ligue Socialiste'],
  ['Peoples Front', 'Front Populaire'],
  ['Trade Union Federation', 'Federazione Sindacale'],
  ['Youth Union', 'Unión Juvenil'],
  ['Womens Association', 'Vrouwenvereniging'],
  ['Labour Committee', 'Comité Obrero'],
  ['Revolutionary Organization', 'Organização Revolucionária'],
  ['Democratic Alliance', 'Demokratische Allianz'],
  ['Farmers Union', 'Sindicato Campesino'],
  ['Students Movement', 'Mouvement Étudiant'],
];

/**
 * Themes give search something to rank: each appears in about 1/THEMES.length of all names, so
 * `q=<theme>` has many hits at every scale (FTS then has to rank them, as in real use).
 */
const THEMES = [
  'Solidarity',
  'Liberation',
  'Unity',
  'Progress',
  'Dawn',
  'Struggle',
  'Justice',
  'Freedom',
  'Renewal',
  'Harvest',
  'Horizon',
  'Spark',
  'Vanguard',
  'Commons',
  'Resistance',
  'Equality',
  'Bread',
  'Peace',
  'Future',
  'Labour',
  'Internationale',
  'Forward',
  'Red Star',
  'Rising',
  'Hammer',
  'Tide',
  'Beacon',
  'Banner',
  'Pioneer',
  'Alliance',
  'Meridian',
  'Quarry',
  'Foundry',
  'Orchard',
  'Granary',
  'Lantern',
  'Compass',
  'Bridge',
  'Harbour',
  'Summit',
];

/** The word the search benchmark asks for: one theme, so the hit count scales with the data. */
export const SEARCH_WORD = 'liberation';

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ter',
  'vos',
  'ran',
  'dul',
  'pe',
  'sa',
  'nor',
  'bi',
  'zet',
  'ha',
  'mun',
  'go',
  'ri',
  'tal',
  've',
  'shan',
  'ko',
  'li',
  'dar',
  'mo',
  'nu',
  'pra',
  'sel',
  'ti',
  'vin',
  'ya',
  'ber',
  'gu',
  'fen',
];
const CYRILLIC: Record<string, string> = {
  a: 'а',
  b: 'б',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  y: 'й',
  z: 'з',
};

/** A unique, pronounceable place name per index (32 syllables: four give a million names). */
function placeName(i: number): string {
  let n = i;
  let word = '';
  do {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  if (word.length < 5) word += 'ria';
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const toCyrillic = (text: string) =>
  text
    .replace(/sh/g, 'ш')
    .replace(/[a-z]/g, (c) => CYRILLIC[c] ?? c)
    .replace(/[A-Z]/g, (c) => (CYRILLIC[c.toLowerCase()] ?? c).toUpperCase());

export interface GeneratedOrganization {
  abbreviation: string;
  name: string;
  nameEn: string;
  country: string;
  countryName: string;
}

const at = <T>(list: readonly T[], i: number): T => {
  const value = list[i % list.length];
  if (value === undefined) throw new Error('empty word list');
  return value;
};

/** Organization number `i`: its name is unique (the place name is), a tenth written in Cyrillic. */
export function organizationAt(i: number): GeneratedOrganization {
  const [kindEn, kindNative] = at(KINDS, i);
  const theme = at(THEMES, Math.floor(i / 7));
  const place = placeName(i);
  const [country, countryName] = at(COUNTRIES, Math.floor(i / 3));
  // The theme only in the English name: an English word inside a native name can make the
  // published-list parser read "(English name)" as part of the name, which is not what we test.
  const nativeBase = `${kindNative} ${place}`;
  const name = i % 10 === 3 ? toCyrillic(nativeBase) : nativeBase;
  const initials = `${kindEn} ${theme}`
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('');
  // The number keeps abbreviations unique within a country: the importer takes abbreviation and
  // country as the same organization.
  return {
    abbreviation: `${initials}-${place.slice(0, 3).toUpperCase()}${i.toString(36).toUpperCase()}`,
    name,
    nameEn: `${theme} ${kindEn} of ${place}`,
    country,
    countryName,
  };
}

/** A small seeded PRNG (mulberry32): runs are reproducible, so two runs measure the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct numbers in [0, range), in random order. */
export function sample(rand: () => number, range: number, count: number): number[] {
  const picked = new Set<number>();
  const n = Math.min(count, range);
  while (picked.size < n) picked.add(Math.floor(rand() * range));
  return [...picked];
}

export interface ListShape {
  entries: number;
  existing: number;
  firstOrg: number;
  newFrom: number;
}

/** Which organization entry `k` of a list is: the first `existing` are stored ones, the rest new. */
export const listEntryIndex = (o: ListShape, k: number) =>
  k < o.existing ? o.firstOrg + k : o.newFrom + (k - o.existing);

/**
 * A published list in the format of data/sample/icor-kazakhstan-2022-01-21.txt. Entries are
 * organizations `firstOrg`… (`existing` of them named as already stored, the rest new ones from
 * `newFrom` on), so the importer has to match some and create the rest.
 */
export function publishedList(options: ListShape & { title: string }): string {
  const lines = [
    '',
    '',
    'BENCH resolution:',
    '',
    options.title,
    '',
    'A generated statement for the benchmark: the published format, at scale.',
    '',
    'Signatories (as of 21 January 2022, further signatories possible):',
    '',
  ];
  for (let k = 0; k < options.entries; k++) {
    const org = organizationAt(listEntryIndex(options, k));
    lines.push(`${k + 1}. ${org.abbreviation} ${org.name} (${org.nameEn}), ${org.countryName}`);
  }
  return `${lines.join('\n')}\n`;
}
