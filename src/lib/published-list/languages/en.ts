import type { DocumentKind } from '../types.js';
import { capitalize, kindsOf } from './grammar.js';
import type { LanguageSpec } from './spec.js';

const EN_KINDS: Record<DocumentKind, string> = {
  resolution: 'resolution',
  'open-letter': 'open letter',
  declaration: 'declaration',
  petition: 'petition',
  // Read back as "other" too (see the kinds list), so any issuer survives a round trip.
  other: 'statement',
};

export const ENGLISH: LanguageSpec = {
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
