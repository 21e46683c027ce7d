import type { DocumentKind } from '../types.js';
import { capitalize, KINDS } from './grammar.js';
import type { LanguageSpec } from './spec.js';

/** Turkish marks the head noun of "ICOR kararı" with a possessive; alone it is "Karar". */
const TR_KINDS: Record<DocumentKind, readonly [string, string]> = {
  resolution: ['karar', 'kararı'],
  'open-letter': ['açık mektup', 'açık mektubu'],
  declaration: ['bildiri', 'bildirisi'],
  petition: ['dilekçe', 'dilekçesi'],
  other: ['açıklama', 'açıklaması'],
};

export const TURKISH: LanguageSpec = {
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
};
