import type { DocumentKind } from '../types.js';
import { kindFirst, kindsOf, startsWithVowel } from './grammar.js';
import type { LanguageSpec } from './spec.js';

/** The Romance languages: a kind-first issuer line ("Résolution de l'ICOR"), its connector an article or preposition. */

const FR_KINDS: Record<DocumentKind, string> = {
  resolution: 'Résolution',
  'open-letter': 'Lettre ouverte',
  declaration: 'Déclaration',
  petition: 'Pétition',
  other: 'Communiqué',
};

export const FRENCH: LanguageSpec = {
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
};

const ES_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolución',
  'open-letter': 'Carta abierta',
  declaration: 'Declaración',
  petition: 'Petición',
  other: 'Comunicado',
};

export const SPANISH: LanguageSpec = {
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
};

const PT_KINDS: Record<DocumentKind, string> = {
  resolution: 'Resolução',
  'open-letter': 'Carta aberta',
  declaration: 'Declaração',
  petition: 'Petição',
  other: 'Comunicado',
};

export const PORTUGUESE: LanguageSpec = {
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
};

const IT_KINDS: Record<DocumentKind, string> = {
  resolution: 'Risoluzione',
  'open-letter': 'Lettera aperta',
  declaration: 'Dichiarazione',
  petition: 'Petizione',
  other: 'Comunicato',
};

export const ITALIAN: LanguageSpec = {
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
};
