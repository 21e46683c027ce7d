// Which language a name reads in (src/lib/published-list/vocabulary.ts): by its words, and in the
// languages that inflect, by their stems ("kommunistische", "partisi", "партии").
import { describe, expect, it } from 'vitest';
import { languageOf, languageScores } from '../src/lib/published-list/vocabulary.js';

describe('the language a name reads in', () => {
  it.each([
    ['Kommunistische Partei Deutschlands', 'de'],
    ['Marxistisch-Leninistische Partei', 'de'],
    ['Türkiye Komünist Partisi', 'tr'],
    ['Devrimci Sosyalist İşçi Partisi', 'tr'],
    ['Коммунистическая партия Российской Федерации', 'ru'],
    ['Революционная рабочая партия', 'ru'],
    ['União Marxista-Leninista Portuguesa', 'pt'],
    ['Parti Communiste des Ouvriers de France', 'fr'],
    ['Partido Comunista de los Trabajadores', 'es'],
    ['Workers Party of the Revolution', 'en'],
  ])('%s: %s', (name, lang) => {
    expect(languageOf(name)).toBe(lang);
  });

  it('counts a word once per language, whether it is one of its words or starts with one of its stems', () => {
    // "Kommunistische": a German stem only; "Partei": a German word; "Moskau" is no language's.
    const scores = languageScores('Kommunistische Partei Moskau');
    expect(scores.get('de')).toBeCloseTo(2 / 3);
    expect(scores.get('en')).toBe(0);
    expect([...scores.keys()]).toEqual(['en', 'de', 'fr', 'es', 'pt', 'it', 'tr', 'ru']);
    // "Devrimci" starts with two Turkish stems (devrim*, devrimci*) and counts once.
    expect(languageScores('Devrimci Partisi').get('tr')).toBe(1);
  });
});
