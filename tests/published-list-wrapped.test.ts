// Lists copied out of web pages and PDFs wrap long entries over several lines, with or without
// indentation and across page breaks: each wrapped entry is read whole, and a line that may or
// may not belong to an entry is refused, never guessed.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/lib/published-list/document.js';
import { ParseError } from '../src/lib/published-list/types.js';
import { smallDocument } from './support/published-list.js';

const UPC_NAME = "Union des Populations du Cameroun - Manifeste National pour l'Instauration de la Démocratie";
const UPC_EN = 'Union of Populations of Cameroon - National Manifesto for the Establishment of Democracy';

/** The document's entries as [number, lines, abbreviation, name, translation, country]. */
function read(text: string) {
  return parseDocument(text).entries.map((e) => [
    e.number,
    e.lines,
    e.abbreviation,
    e.name,
    e.translation?.name ?? null,
    e.country,
  ]);
}

function refusal(text: string): ParseError {
  try {
    parseDocument(text);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('the document was read');
}

describe('an entry wrapped over several lines', () => {
  it('without indentation: a line that starts in lower case, then one that closes a bracket', () => {
    const text = smallDocument(
      'Резолюция ИКОР:',
      'Подписавшие (по состоянию на 21 января 2022 г.):',
      '1. ҚЖҚ Қазақстан жұмысшылар',
      'қозғалысы (Рабочее движение',
      'Казахстана), Казахстан',
      '2. БКП Българска Комунистическа Партия, Болгария',
    );
    expect(read(text)).toEqual([
      [1, [9, 11], 'ҚЖҚ', 'Қазақстан жұмысшылар қозғалысы', 'Рабочее движение Казахстана', 'KZ'],
      [2, [12, 12], 'БКП', 'Българска Комунистическа Партия', null, 'BG'],
    ]);
    expect(parseDocument(text).entries[0]?.printedAs).toBe(
      '1. ҚЖҚ Қазақстан жұмысшылар қозғалысы (Рабочее движение Казахстана), Казахстан',
    );
    expect(parseDocument(text).warnings).toEqual([]);
  });

  it('indented under its entry, and the last entry of the list too', () => {
    const text = smallDocument(
      'ICOR resolution:',
      'Signatories (as of 21 January 2022):',
      `1. UPC-Manidem Union des Populations du Cameroun - Manifeste National pour`,
      `   l'Instauration de la Démocratie (${UPC_EN}), Cameroon`,
      '2. MLPD Marxistisch-Leninistische Partei',
      '   Deutschlands',
    );
    expect(read(text)).toEqual([
      [1, [9, 10], 'UPC-Manidem', UPC_NAME, UPC_EN, 'CM'],
      [2, [11, 12], 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', null, 'DE'],
    ]);
  });

  it('a word broken at its hyphen is one word again; a capitalized line with a bracket between entries continues the entry', () => {
    const text = smallDocument(
      'ICOR resolution:',
      'Signatories:',
      '1. MLPD Marxistisch-',
      'Leninistische Partei',
      'Deutschlands (Marxist-Leninist Party of Germany)',
      '2. RM Rode Morgen, Netherlands',
    );
    expect(read(text)).toEqual([
      [1, [9, 11], 'MLPD', 'Marxistisch-Leninistische Partei Deutschlands', 'Marxist-Leninist Party of Germany', 'DE'],
      [2, [12, 12], 'RM', 'Rode Morgen', null, 'NL'],
    ]);
  });

  it('across a page break: the page number and the running header are dropped, with a warning where', () => {
    const text = [
      'ICOR resolution:',
      '',
      'Solidarity with Cameroon',
      '',
      'Signatories (as of 21 January 2022):',
      '',
      '1. UPC-Manidem Union des Populations du Cameroun - Manifeste National pour',
      '',
      'Page 2 of 5',
      'Solidarity with Cameroon',
      '',
      `l'Instauration de la Démocratie (${UPC_EN}), Cameroon`,
      '- 3 -',
      '2. RM Rode Morgen (Red Dawn), Netherlands',
    ].join('\n');
    expect(read(text)).toEqual([
      [1, [7, 12], 'UPC-Manidem', UPC_NAME, UPC_EN, 'CM'],
      [2, [14, 14], 'RM', 'Rode Morgen', 'Red Dawn', 'NL'],
    ]);
    expect(parseDocument(text).warnings).toEqual([
      { line: 9, message: 'a page number ("Page 2 of 5") dropped inside entry 1' },
      {
        line: 10,
        message:
          'a running header (the document\'s title repeated) ("Solidarity with Cameroon") dropped inside entry 1',
      },
      { line: 13, message: 'a page number ("- 3 -") dropped inside entry 1' },
    ]);
  });
});

describe('a line that may or may not belong to an entry', () => {
  it('is refused, showing the entry and the line, rather than cut the entry off or glue a heading to it', () => {
    const error = refusal(
      smallDocument(
        'ICOR resolution:',
        'Signatories:',
        '1. MLPD Marxistisch-Leninistische Partei',
        'Deutschlands',
        '2. RM Rode Morgen, Netherlands',
      ),
    );
    expect(error.line).toBe(10);
    expect(error.message).toMatch(/may continue the entry above or stand apart/);
    expect(error.shown).toEqual([
      { line: 9, text: '1. MLPD Marxistisch-Leninistische Partei' },
      { line: 10, text: 'Deutschlands' },
    ]);
  });

  it('a heading of several words between entries too: it has no bracket or comma a wrapped name would', () => {
    const text = smallDocument(
      'ICOR resolution:',
      'Signatories:',
      '1. RM Rode Morgen, Netherlands',
      'Parties and organizations of Africa',
      '2. PCT Parti Comuniste du Togo',
    );
    expect(refusal(text).shown).toEqual([
      { line: 9, text: '1. RM Rode Morgen, Netherlands' },
      { line: 10, text: 'Parties and organizations of Africa' },
    ]);
  });

  it('right under the last entry too; set off by a blank line it is not part of the list', () => {
    const entries = ['1. RM Rode Morgen, Netherlands', '2. ROL Revolutionary Organization of Labor, USA'];
    expect(
      refusal(smallDocument('ICOR resolution:', 'Signatories:', ...entries, 'ICOR Europe')).shown.map((l) => l.line),
    ).toEqual([10, 11]);
    const apart = parseDocument(smallDocument('ICOR resolution:', 'Signatories:', ...entries, '', 'ICOR Europe'));
    expect(apart.entries.map((e) => e.name)).toEqual(['Rode Morgen', 'Revolutionary Organization of Labor']);
    expect(apart.warnings).toEqual([{ line: 12, message: 'not a numbered entry; ignored' }]);
  });

  it('a heading ending in a colon, between entries, and prose after the list, stand apart with a warning', () => {
    const parsed = parseDocument(
      smallDocument(
        'ICOR resolution:',
        'Signatories:',
        'Europe:',
        '1. RM Rode Morgen, Netherlands',
        'Africa:',
        '2. PCT Parti Comuniste du Togo',
        'More at www.icor.info.',
      ),
    );
    expect(parsed.entries.map((e) => [e.name, e.lines])).toEqual([
      ['Rode Morgen', [10, 10]],
      ['Parti Comuniste du Togo', [12, 12]],
    ]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([9, 11, 13]);
  });
});
