import type { DocumentKind } from '../types.js';
import { kindsOf } from './grammar.js';
import type { LanguageSpec } from './spec.js';

const DE_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolution',
  'open-letter': 'Offener Brief',
  declaration: 'Erklärung',
  petition: 'Petition',
  other: 'Stellungnahme',
};

export const GERMAN: LanguageSpec = {
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
};
