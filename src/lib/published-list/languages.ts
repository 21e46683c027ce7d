import type { DocumentKind } from './types.js';

/**
 * The languages a published list is read and written in. Everything here is phrasing (how a
 * header, an issuer line and the further-signatories clause are worded); month names come from
 * Intl (dates.ts), country names from world-countries and i18n-iso-countries, and the words
 * that tell a translation from a qualifier from vocabulary.ts.
 */
export interface LanguageSpec {
  /** BCP 47 primary tag, what ParsedDocument.language holds. */
  tag: string;
  /** English name, for listings. */
  name: string;
  /** ISO 639-3: world-countries keys its translations by it. */
  iso3: string;
  /** Intl locale for dates; en-GB prints "21 January 2022" as the lists do. */
  locale: string;
  /** What follows a day of 1 ("1er mars"); Intl leaves it out. */
  firstDaySuffix: string;
  /** Words that open the signatories header; the first is written. */
  headers: readonly string[];
  /** Words that introduce the as-of date; only used to warn about a date that did not parse. */
  asOf: readonly string[];
  writeAsOf: (date: string) => string;
  /** "further signatories possible": read as further + who... + possible, in either order. */
  open: { write: string; further: readonly string[]; who: readonly string[]; possible: readonly string[] };
  /** "and" between two countries ("Germany and Austria"). */
  and: readonly string[];
  /** French puts a space before a colon. */
  colon: string;
  issuer: IssuerGrammar;
}

export interface IssuerGrammar {
  /** Phrases read as a kind, natural spelling; matched folded, longest first. */
  kinds: readonly (readonly [string, DocumentKind])[];
  /** "ICOR resolution" (issuer first) or "Résolution de l'ICOR" (kind first). */
  order: 'issuer-first' | 'kind-first';
  /**
   * What links a leading kind to its issuer ("de l'", "der"); stripped when reading. Without it
   * a leading kind is only believed before an abbreviation-like issuer ("Резолюция ИКОР"), so a
   * title such as "Resolution on the war:" stays a title.
   */
  connector: RegExp | null;
  /** Issuer names written in another script, read as the Latin name the other languages use. */
  aliases: Readonly<Record<string, string>>;
  /** The issuer line without its colon. */
  write: (issuer: string | null, kind: DocumentKind) => string;
}

const capitalize = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const startsWithVowel = (s: string): boolean => /^[aeiouàâéèêîïôùûy]/i.test(s);

/** Kind-first languages: "<Kind> <connector> <issuer>", or the kind alone. */
function kindFirst(words: Record<DocumentKind, string>, connector: (issuer: string) => string) {
  return (issuer: string | null, kind: DocumentKind): string =>
    issuer === null ? words[kind] : `${words[kind]} ${connector(issuer)}${issuer}`;
}

const EN_KINDS: Record<DocumentKind, string> = {
  resolution: 'resolution',
  'open-letter': 'open letter',
  declaration: 'declaration',
  petition: 'petition',
  // Read back as "other" too (see the kinds list), so any issuer survives a round trip.
  other: 'statement',
};

const DE_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolution',
  'open-letter': 'Offener Brief',
  declaration: 'Erklärung',
  petition: 'Petition',
  other: 'Stellungnahme',
};

const FR_KINDS: Record<DocumentKind, string> = {
  resolution: 'Résolution',
  'open-letter': 'Lettre ouverte',
  declaration: 'Déclaration',
  petition: 'Pétition',
  other: 'Communiqué',
};

const ES_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolución',
  'open-letter': 'Carta abierta',
  declaration: 'Declaración',
  petition: 'Petición',
  other: 'Comunicado',
};

const PT_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolução',
  'open-letter': 'Carta aberta',
  declaration: 'Declaração',
  petition: 'Petição',
  other: 'Comunicado',
};

const IT_KINDS: Record<DocumentKind, string> = {
  resolution: 'Risoluzione',
  'open-letter': 'Lettera aperta',
  declaration: 'Dichiarazione',
  petition: 'Petizione',
  other: 'Comunicato',
};

/** Turkish marks the head noun of "ICOR kararı" with a possessive; alone it is "Karar". */
const TR_KINDS: Record<DocumentKind, readonly [string, string]> = {
  resolution: ['karar', 'kararı'],
  'open-letter': ['açık mektup', 'açık mektubu'],
  declaration: ['bildiri', 'bildirisi'],
  petition: ['dilekçe', 'dilekçesi'],
  other: ['açıklama', 'açıklaması'],
};

const RU_KINDS: Record<DocumentKind, string> = {
  resolution: 'Резолюция',
  'open-letter': 'Открытое письмо',
  declaration: 'Декларация',
  petition: 'Петиция',
  other: 'Заявление',
};

const KINDS: readonly DocumentKind[] = ['resolution', 'open-letter', 'declaration', 'petition', 'other'];

/** Each language's written kind words, plus the variants a reader meets. */
function kindsOf(words: Record<DocumentKind, string>, extra: readonly (readonly [string, DocumentKind])[]) {
  return [...extra, ...KINDS.map((kind) => [words[kind], kind] as const)];
}

const ENGLISH: LanguageSpec = {
  tag: 'en',
  name: 'English',
  iso3: 'eng',
  locale: 'en-GB',
  firstDaySuffix: '',
  // The first is written; the others are read (matched folded, so case and accents do not matter).
  headers: [
    'Signatories',
    'Signatory organisations',
    'Signatory organizations',
    'Signing organisations',
    'Signing organizations',
    'List of signatories',
    'Initial signatories',
    'First signatories',
    'Co-signatories',
    'Cosignatories',
    'Signed by',
    'Signatures',
    'Undersigned organisations',
    'Undersigned organizations',
    'The undersigned',
    'Endorsed by',
  ],
  asOf: ['as of'],
  writeAsOf: (date) => `as of ${date}`,
  open: { write: 'further signatories possible', further: ['further'], who: ['signatories'], possible: ['possible'] },
  and: ['and'],
  colon: ':',
  issuer: {
    kinds: kindsOf(EN_KINDS, [['joint declaration', 'declaration']]),
    order: 'issuer-first',
    connector: null,
    aliases: {},
    write: (issuer, kind) => (issuer === null ? capitalize(EN_KINDS[kind]) : `${issuer} ${EN_KINDS[kind]}`),
  },
};

export const LANGUAGES: readonly LanguageSpec[] = [
  ENGLISH,
  {
    tag: 'de',
    name: 'German',
    iso3: 'deu',
    locale: 'de',
    firstDaySuffix: '',
    headers: [
      'Unterzeichner',
      'Unterzeichnerinnen',
      'Unterzeichner*innen',
      'Unterzeichner:innen',
      'Unterzeichnende',
      'Unterschriften',
      'Unterzeichnende Organisationen',
      'Unterzeichnerorganisationen',
      'Erstunterzeichner',
      'Erstunterzeichnerinnen',
      'Erstunterzeichner*innen',
      'Erstunterzeichner:innen',
      'Erstunterzeichnende',
      'Liste der Unterzeichner',
      'Unterzeichnet von',
      'Unterstützende Organisationen',
    ],
    asOf: ['Stand'],
    writeAsOf: (date) => `Stand: ${date}`,
    open: {
      write: 'weitere Unterzeichner möglich',
      further: ['weitere'],
      who: ['Unterzeichn', 'Unterschrift'],
      possible: ['möglich'],
    },
    and: ['und'],
    colon: ':',
    issuer: {
      kinds: kindsOf(DE_KINDS, [['Gemeinsame Erklärung', 'declaration']]),
      order: 'issuer-first',
      connector: /^(?:der|des|von|vom)\s+/i,
      aliases: {},
      // "ICOR-Resolution" for a one-word issuer and kind; "Offener Brief von ICOR" otherwise.
      write: (issuer, kind) =>
        issuer === null
          ? DE_KINDS[kind]
          : !/\s/.test(issuer + DE_KINDS[kind])
            ? `${issuer}-${DE_KINDS[kind]}`
            : `${DE_KINDS[kind]} von ${issuer}`,
    },
  },
  {
    tag: 'fr',
    name: 'French',
    iso3: 'fra',
    locale: 'fr',
    firstDaySuffix: 'er',
    headers: [
      'Signataires',
      'Liste des signataires',
      'Organisations signataires',
      'Premiers signataires',
      'Signataires initiaux',
      'Cosignataires',
      'Signé par',
    ],
    asOf: ['au', 'en date du', 'à la date du', 'état au'],
    writeAsOf: (date) => `au ${date}`,
    open: {
      write: "d'autres signataires possibles",
      further: ['autres', 'nouveaux'],
      who: ['signat'],
      possible: ['possible'],
    },
    and: ['et'],
    colon: ' :',
    issuer: {
      kinds: kindsOf(FR_KINDS, [
        ['Déclaration commune', 'declaration'],
        ['Prise de position', 'other'],
      ]),
      order: 'kind-first',
      connector: /^(?:de\s+l['’]\s*|de\s+la\s+|du\s+|des\s+|d['’]\s*|de\s+)/i,
      aliases: {},
      write: kindFirst(FR_KINDS, (issuer) => (startsWithVowel(issuer) ? "de l'" : 'de ')),
    },
  },
  {
    tag: 'es',
    name: 'Spanish',
    iso3: 'spa',
    locale: 'es',
    firstDaySuffix: '',
    headers: [
      'Firmantes',
      'Organizaciones firmantes',
      'Lista de firmantes',
      'Primeros firmantes',
      'Firmado por',
      'Firmas',
      'Adhesiones',
    ],
    asOf: ['al', 'a fecha de', 'a'],
    writeAsOf: (date) => `al ${date}`,
    open: {
      write: 'son posibles más firmantes',
      further: ['más', 'otros', 'nuevos'],
      who: ['firmantes'],
      possible: ['posible'],
    },
    and: ['y', 'e'],
    colon: ':',
    issuer: {
      kinds: kindsOf(ES_KINDS, [['Declaración conjunta', 'declaration']]),
      order: 'kind-first',
      connector: /^(?:de\s+la\s+|de\s+los\s+|de\s+las\s+|del\s+|de\s+)/i,
      aliases: {},
      write: kindFirst(ES_KINDS, () => 'de '),
    },
  },
  {
    tag: 'pt',
    name: 'Portuguese',
    iso3: 'por',
    locale: 'pt',
    firstDaySuffix: '',
    headers: [
      'Signatários',
      'Subscritores',
      'Assinantes',
      'Organizações signatárias',
      'Lista de signatários',
      'Primeiros signatários',
      'Assinado por',
      'Subscrito por',
      'Assinaturas',
      'Adesões',
    ],
    asOf: ['em', 'até', 'a'],
    writeAsOf: (date) => `em ${date}`,
    open: {
      write: 'são possíveis mais signatários',
      further: ['mais', 'outros', 'novos'],
      who: ['signat', 'subscr', 'assin'],
      possible: ['possív'],
    },
    and: ['e'],
    colon: ':',
    issuer: {
      kinds: kindsOf(PT_KINDS, [['Declaração conjunta', 'declaration']]),
      order: 'kind-first',
      connector: /^(?:da|do|das|dos|de)\s+/i,
      aliases: {},
      write: kindFirst(PT_KINDS, () => 'de '),
    },
  },
  {
    tag: 'it',
    name: 'Italian',
    iso3: 'ita',
    locale: 'it',
    firstDaySuffix: '',
    headers: [
      'Firmatari',
      'Sottoscrittori',
      'Adesioni',
      'Organizzazioni firmatarie',
      'Elenco dei firmatari',
      'Lista dei firmatari',
      'Primi firmatari',
      'Firmato da',
      'Firme',
    ],
    asOf: ['al', 'aggiornato al'],
    writeAsOf: (date) => `al ${date}`,
    open: {
      write: 'sono possibili altri firmatari',
      further: ['altri', 'ulteriori', 'nuovi'],
      who: ['firmat', 'adesion', 'sottoscritt'],
      possible: ['possibil'],
    },
    and: ['e', 'ed'],
    colon: ':',
    issuer: {
      kinds: kindsOf(IT_KINDS, [['Dichiarazione congiunta', 'declaration']]),
      order: 'kind-first',
      connector: /^(?:dell['’]\s*|della\s+|dello\s+|delle\s+|degli\s+|dei\s+|del\s+|d['’]\s*|di\s+)/i,
      aliases: {},
      write: kindFirst(IT_KINDS, (issuer) => (startsWithVowel(issuer) ? "dell'" : 'di ')),
    },
  },
  {
    tag: 'tr',
    name: 'Turkish',
    iso3: 'tur',
    locale: 'tr',
    firstDaySuffix: '',
    headers: [
      'İmzacılar',
      'İmzalayanlar',
      'İmzacı örgütler',
      'İmzacı kuruluşlar',
      'İlk imzacılar',
      'İmzalayan örgütler',
      'İmzalayan kuruluşlar',
      'İmzacıların listesi',
    ],
    asOf: ['itibarıyla', 'itibariyle', 'tarihi itibarıyla'],
    writeAsOf: (date) => `${date} itibarıyla`,
    open: {
      write: 'yeni imzacılar eklenebilir',
      further: ['yeni', 'başka', 'diğer'],
      who: ['imza'],
      possible: ['eklenebilir', 'mümkün', 'olabilir'],
    },
    and: ['ve', 'ile'],
    colon: ':',
    issuer: {
      kinds: [
        ['ortak bildiri', 'declaration'],
        ['ortak bildirisi', 'declaration'],
        ['ortak açıklama', 'declaration'],
        ['ortak açıklaması', 'declaration'],
        ['deklarasyon', 'declaration'],
        ['deklarasyonu', 'declaration'],
        ['bildirge', 'declaration'],
        ['bildirgesi', 'declaration'],
        ...KINDS.flatMap((kind) => TR_KINDS[kind].map((word) => [word, kind] as const)),
      ],
      order: 'issuer-first',
      connector: null,
      aliases: {},
      write: (issuer, kind) => (issuer === null ? capitalize(TR_KINDS[kind][0]) : `${issuer} ${TR_KINDS[kind][1]}`),
    },
  },
  {
    tag: 'ru',
    name: 'Russian',
    iso3: 'rus',
    locale: 'ru',
    firstDaySuffix: '',
    headers: [
      'Подписавшие',
      'Подписавшиеся',
      'Подписали',
      'Подписавшие организации',
      'Подписавшиеся организации',
      'Список подписавших',
      'Первые подписавшие',
      'Подписанты',
    ],
    asOf: ['по состоянию на', 'на'],
    writeAsOf: (date) => `по состоянию на ${date}`,
    open: {
      write: 'возможны новые подписи',
      further: ['новые', 'другие', 'дальнейшие'],
      who: ['подпис'],
      possible: ['возможн'],
    },
    and: ['и'],
    colon: ':',
    issuer: {
      kinds: kindsOf(RU_KINDS, [
        ['Совместное заявление', 'declaration'],
        ['Совместная декларация', 'declaration'],
      ]),
      order: 'kind-first',
      connector: null,
      // ICOR's Russian abbreviation; the other languages all write ICOR.
      aliases: { ИКОР: 'ICOR' },
      write: kindFirst(RU_KINDS, () => ''),
    },
  },
];

export const DEFAULT_LANGUAGE = ENGLISH.tag;

/** The spec for a tag ("de", "de-CH" -> German), or null when the language is not supported. */
export function findLanguage(tag: string): LanguageSpec | null {
  const primary = tag.trim().toLowerCase().split('-')[0];
  return LANGUAGES.find((l) => l.tag === primary) ?? null;
}

export function languageSpec(tag: string): LanguageSpec {
  return findLanguage(tag) ?? ENGLISH;
}

export function englishSpec(): LanguageSpec {
  return ENGLISH;
}
