import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { ParseError } from '../src/lib/published-list/types.js';
import { smallDocument } from './support/published-list.js';

const ENTRY = '1. MLPD Marxistisch-Leninistische Partei Deutschlands';

describe('signatories headers name the language', () => {
  it.each([
    ['Signatories (as of 21 January 2022, further signatories possible):', 'en', '2022-01-21', true],
    ['SIGNATORIES (As of January 21, 2022)', 'en', '2022-01-21', false],
    ['Unterzeichner (Stand: 2. April 2022, weitere Unterzeichner möglich):', 'de', '2022-04-02', true],
    [
      'Unterzeichner*innen (Stand 02.04.2022, weitere Unterzeichnerinnen und Unterzeichner möglich)',
      'de',
      '2022-04-02',
      true,
    ],
    ['Unterzeichnende:', 'de', null, false],
    ['Signataires (au 1er mars 2022, d’autres signataires possibles) :', 'fr', '2022-03-01', true],
    ["signataires (en date du 1er mars 2022, d'autres signataires sont possibles):", 'fr', '2022-03-01', true],
    ['Firmantes (al 9 de abril de 2022, son posibles más firmantes):', 'es', '2022-04-09', true],
    ['Firmantes (a fecha de 9 de abril de 2022, mas firmantes posibles)', 'es', '2022-04-09', true],
    ['Signatários (em 21 de janeiro de 2022, são possíveis mais signatários):', 'pt', '2022-01-21', true],
    ['Signatarios (até 21/01/2022):', 'pt', null, false],
    ['Firmatari (al 21 gennaio 2022, sono possibili altri firmatari):', 'it', '2022-01-21', true],
    ['Firmatari (aggiornato al 21 gennaio 2022, ulteriori firmatari possibili):', 'it', '2022-01-21', true],
    ['İmzacılar (21 Ocak 2022 itibarıyla, yeni imzacılar eklenebilir):', 'tr', '2022-01-21', true],
    ['IMZACILAR (21 Ocak 2022 itibariyle, başka imzacılar da mümkündür)', 'tr', '2022-01-21', true],
    ['Подписавшие (по состоянию на 21 января 2022 г., возможны новые подписи):', 'ru', '2022-01-21', true],
    ['Подписали (на 21.01.2022, возможны другие подписавшие):', 'ru', '2022-01-21', true],
  ])('%s', (header, language, asOf, open) => {
    const parsed = parseDocument(smallDocument('ICOR resolution:', header, ENTRY));
    expect([parsed.language, parsed.asOf, parsed.openForSignatures]).toEqual([language, asOf, open]);
    // The Portuguese slash date is not a supported form: it warns rather than guessing.
    expect(parsed.warnings.map((w) => w.message)).toEqual(
      asOf === null && /\d/.test(header) ? [expect.stringContaining('21/01/2022')] : [],
    );
  });

  it.each([
    ['Подписавшие организации (по состоянию на 21 января 2022 г.):', 'ru', '2022-01-21'],
    ['Unterzeichnende Organisationen (Stand: 2. April 2022):', 'de', '2022-04-02'],
    ['Erstunterzeichner:', 'de', null],
    ['Erstunterzeichnende (Stand 02.04.2022)', 'de', '2022-04-02'],
    ['Liste des signataires (au 1er mars 2022) :', 'fr', '2022-03-01'],
    ['Organisations signataires :', 'fr', null],
    ['Organizaciones firmantes (al 9 de abril de 2022):', 'es', '2022-04-09'],
    ['Signatory organisations (as of 21 January 2022):', 'en', '2022-01-21'],
    ['Signed by:', 'en', null],
    ['Organizações signatárias:', 'pt', null],
    ['Primi firmatari (al 21 gennaio 2022):', 'it', '2022-01-21'],
    ['İlk imzacılar:', 'tr', null],
  ])('reads the header form %s', (header, language, asOf) => {
    const parsed = parseDocument(smallDocument('ICOR resolution:', header, ENTRY));
    expect([parsed.language, parsed.asOf, parsed.entries.length]).toEqual([language, asOf, 1]);
  });

  it('refuses a document with no header it knows, showing the lines it looked at', () => {
    const text = [
      'ICOR resolution:',
      '',
      'A title',
      '',
      'Body.',
      '',
      'Organisationen, die unterschrieben haben:',
      '1. MLPD Marxistisch-Leninistische Partei Deutschlands',
    ].join('\n');
    try {
      parseDocument(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toMatch(/no signatories header found/);
      expect((error as ParseError).shown).toEqual([
        { line: 1, text: 'ICOR resolution:' },
        { line: 3, text: 'A title' },
        { line: 5, text: 'Body.' },
        { line: 7, text: 'Organisationen, die unterschrieben haben:' },
        { line: 8, text: '1. MLPD Marxistisch-Leninistische Partei Deutschlands' },
      ]);
    }
  });

  it('warns about a date it cannot read in the language of the header', () => {
    const parsed = parseDocument(smallDocument('ICOR resolution:', 'Unterzeichner (Stand: 31. Februar 2022):', ENTRY));
    expect(parsed.asOf).toBeNull();
    expect(parsed.warnings).toEqual([{ line: 7, message: 'unrecognized date in "Stand: 31. Februar 2022"' }]);
  });

  it('takes the first header as the one that starts the list', () => {
    const text = [
      'Resolution:',
      '',
      'A title',
      '',
      'Firmantes (al 9 de abril de 2022):',
      '',
      ENTRY,
      'Signatories:',
      '2. ROL Revolutionary Organization of Labor, USA',
    ].join('\n');
    const parsed = parseDocument(text);
    expect(parsed.language).toBe('es');
    expect(parsed.warnings).toEqual([{ line: 8, message: 'not a numbered entry; ignored' }]);
  });
});

describe('issuer lines in each language', () => {
  const header: Record<string, string> = {
    en: 'Signatories:',
    de: 'Unterzeichner:',
    fr: 'Signataires :',
    es: 'Firmantes:',
    pt: 'Signatários:',
    it: 'Firmatari:',
    tr: 'İmzacılar:',
    ru: 'Подписавшие:',
  };

  it.each([
    ['en', 'ICOR resolution:', 'ICOR', 'resolution'],
    ['en', 'MLPD and KPÖ joint declaration:', 'MLPD and KPÖ', 'declaration'],
    ['de', 'ICOR-Resolution:', 'ICOR', 'resolution'],
    ['de', 'Resolution der ICOR:', 'ICOR', 'resolution'],
    ['de', 'Gemeinsame Erklärung von MLPD und KPÖ:', 'MLPD und KPÖ', 'declaration'],
    ['de', 'Offener Brief der ICOR:', 'ICOR', 'open-letter'],
    ['de', 'ICOR Petition:', 'ICOR', 'petition'],
    ['fr', "Résolution de l'ICOR :", 'ICOR', 'resolution'],
    ['fr', 'Lettre ouverte de l’ICOR:', 'ICOR', 'open-letter'],
    ['fr', 'Déclaration commune du MLPD et du KPÖ :', 'MLPD et du KPÖ', 'declaration'],
    ['es', 'Resolución de la ICOR:', 'ICOR', 'resolution'],
    ['es', 'Carta abierta de la ICOR:', 'ICOR', 'open-letter'],
    ['es', 'Petición:', null, 'petition'],
    ['pt', 'Resolução da ICOR:', 'ICOR', 'resolution'],
    ['pt', 'Declaração conjunta do MLPD e do KPÖ:', 'MLPD e do KPÖ', 'declaration'],
    ['it', "Risoluzione dell'ICOR:", 'ICOR', 'resolution'],
    ['it', 'Lettera aperta dell’ICOR:', 'ICOR', 'open-letter'],
    ['tr', 'ICOR kararı:', 'ICOR', 'resolution'],
    ['tr', 'ICOR açık mektubu:', 'ICOR', 'open-letter'],
    ['tr', 'MLPD ve KPÖ ortak bildirisi:', 'MLPD ve KPÖ', 'declaration'],
    ['ru', 'Резолюция ИКОР:', 'ICOR', 'resolution'],
    ['ru', 'Резолюция ICOR:', 'ICOR', 'resolution'],
    ['ru', 'Открытое письмо ИКОР:', 'ICOR', 'open-letter'],
    ['ru', 'Заявление МЛПГ:', 'МЛПГ', 'other'],
    // An English issuer line heads lists in any language.
    ['de', 'ICOR resolution:', 'ICOR', 'resolution'],
  ])('%s: %s', (lang, line, issuer, kind) => {
    const parsed = parseDocument(smallDocument(line, header[lang] ?? '', ENTRY));
    expect([parsed.language, parsed.issuer, parsed.kind, parsed.title]).toEqual([lang, issuer, kind, 'A title']);
  });

  it.each([
    ['fr', 'Résolution sur la guerre en Ukraine :'],
    ['ru', 'Резолюция о войне на Украине:'],
    ['en', 'Resolution on the war in Ukraine:'],
  ])('%s: a title that starts with a kind word stays the title (%s)', (lang, line) => {
    const parsed = parseDocument(`${line}\n\n${header[lang] ?? ''}\n${ENTRY}\n`);
    expect([parsed.issuer, parsed.kind, parsed.title]).toEqual([null, 'other', line]);
  });
});
