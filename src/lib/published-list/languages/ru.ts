import type { DocumentKind } from '../types.js';
import { kindFirst, kindsOf } from './grammar.js';
import type { LanguageSpec } from './spec.js';

const RU_KINDS: Record<DocumentKind, string> = {
  resolution: 'Резолюция',
  'open-letter': 'Открытое письмо',
  declaration: 'Декларация',
  petition: 'Петиция',
  other: 'Заявление',
};

export const RUSSIAN: LanguageSpec = {
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
};
