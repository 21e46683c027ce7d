import { detectCountry } from '../country-detect.js';
import { fold } from '../fold.js';
import { isAbbreviationToken } from './abbreviation.js';

/**
 * Words that mark a name as written in a language. Deliberately small and generic: function
 * words and the vocabulary of organization names. Country names and demonyms are neutral (they
 * are the same in many languages), as are abbreviation-like words. "stem*" matches any word
 * starting with the stem, for languages that inflect ("kommunistische", "партии", "partisi").
 * A word counts only against words of its own script, so a transliterated Russian stem never
 * matches a Latin word.
 */
const WORDS: Readonly<Record<string, string>> = {
  en:
    'a an and at by for from in of on the to with against ' +
    'party parties communist communists socialist socialists socialism communism workers worker working ' +
    'labor labour union unions league organization movement front group groups committee committees council ' +
    'federation alliance association society center centre circle collective coalition network platform ' +
    'initiative revolutionary revolution democratic democracy people peoples popular national proletarian ' +
    'marxist leninist maoist marxism leninism maoism trotskyist bolshevik bolsheviks internationalist ' +
    'international patriotic republican republic red star new united unity youth women struggle liberation ' +
    'solidarity class trade independent line path road flag banner voice dawn spark forward students student ' +
    'farmers peasants action defense defence freedom free progressive left north south east west northern ' +
    'southern eastern western state coordination supporting support anti fascist antifascist',
  de:
    'der die das des dem den und für von vom zu zur zum im in mit gegen auf aus bei ein eine einer ' +
    'partei parteien kommunist* sozialist* arbeiter* arbeit bund liga organisation* bewegung front gruppe* ' +
    'komitee* rat föderation allianz verein* verband gesellschaft zentrum kreis kollektiv* koalition netzwerk ' +
    'plattform initiative revolutionär* revolution demokratisch* demokratie volk* proletarisch* proletarier* ' +
    'marxistisch* marxisten leninistisch* leninisten maoistisch* maoisten trotzkist* bolschewist* bolschewiki ' +
    'internationalist* patriotisch* republikanisch* republik rot* stern neue neuer neues vereinigt* einheit ' +
    'jugend frauen kampf befreiung solidarität klasse* gewerkschaft* unabhängig* linie weg fahne stimme ' +
    'morgenröte morgenrot funke vorwärts bauern aktion verteidigung freiheit freie frieden fortschrittlich* ' +
    'linke linken linker nördlich* südlich* staat koordination* koordinierung* unterstützung* antifaschist*',
  fr:
    'le la les de du des et pour contre en au aux dans par sur avec un une ' +
    'parti partis communiste communistes socialiste socialistes ouvrier ouvriers ouvrière ouvrières travailleurs ' +
    'travail union ligue organisation organisations mouvement front groupe comité conseil fédération alliance ' +
    'association société centre cercle collectif coalition réseau plateforme initiative révolutionnaire ' +
    'révolutionnaires révolution démocratique démocratie peuple peuples populaire national nationale prolétarien ' +
    'prolétarienne marxiste marxistes léniniste léninistes maoïste maoïstes trotskiste bolchevique ' +
    'internationaliste internationale patriotique républicain républicaine république rouge rouges étoile ' +
    'nouveau nouvelle nouvelles unis unie unité unifié jeunesse femmes lutte libération solidarité classe ' +
    'syndicat syndical indépendant indépendante ligne voie drapeau voix aube étincelle avant étudiants paysans ' +
    'action défense liberté libre progressiste gauche état coordination soutien antifasciste',
  es:
    'el la los las de del y para contra en al por con un una ' +
    'partido partidos comunista comunistas socialista socialistas obrero obrera obreros trabajadores trabajo ' +
    'unión liga organización movimiento frente grupo comité consejo federación alianza asociación sociedad ' +
    'centro círculo colectivo coalición plataforma iniciativa revolucionario revolucionaria revolución ' +
    'democrático democrática democracia pueblo pueblos popular nacional proletario proletaria marxista ' +
    'leninista maoísta trotskista bolchevique internacionalista internacional patriótico patriótica ' +
    'republicano republicana república rojo roja estrella nuevo nueva unido unida unidad juventud mujeres lucha ' +
    'liberación solidaridad clase sindicato sindical independiente línea camino bandera voz amanecer chispa ' +
    'adelante estudiantes campesinos acción defensa libertad libre progresista izquierda estado coordinadora ' +
    'coordinación apoyo apoyante antifascista',
  pt:
    'o os as de do da dos das e para contra em no na nos nas ao por com um uma ' +
    'partido partidos comunista comunistas socialista socialistas operário operária operários trabalhadores ' +
    'trabalho união liga organização movimento frente grupo comité comitê conselho federação aliança ' +
    'associação sociedade centro círculo coletivo colectivo coligação rede plataforma iniciativa revolucionário ' +
    'revolucionária revolução democrático democrática democracia povo povos popular nacional proletário ' +
    'proletária marxista leninista maoísta trotskista bolchevique internacionalista internacional patriótico ' +
    'patriótica republicano republicana república vermelho vermelha estrela novo nova unido unida unidade ' +
    'juventude mulheres luta libertação solidariedade classe sindicato sindical independente linha caminho ' +
    'bandeira voz aurora centelha avante estudantes camponeses ação acção defesa liberdade livre progressista ' +
    'esquerda estado coordenação apoio antifascista',
  it:
    'il lo la gli le di del dello della dell dei degli delle per contro in nel nella al alla da con un una ' +
    'partito partiti comunista comunisti socialista socialisti operaio operai lavoratori lavoro unione lega ' +
    'organizzazione movimento fronte gruppo comitato consiglio federazione alleanza associazione società ' +
    'centro circolo collettivo coalizione rete piattaforma iniziativa rivoluzionario rivoluzionaria ' +
    'rivoluzionari rivoluzione democratico democratica democrazia popolo popoli popolare nazionale proletario ' +
    'proletaria proletari marxista marxisti leninista leninisti maoista maoisti trotskista bolscevico ' +
    'internazionalista internazionale patriottico patriottica repubblicano repubblicana repubblica rosso rossa ' +
    'stella nuovo nuova unito unita unità giovani gioventù donne lotta liberazione solidarietà classe ' +
    'sindacato sindacale indipendente linea via bandiera voce alba scintilla avanti studenti contadini azione ' +
    'difesa libertà libero libera progressista sinistra stato coordinamento sostegno antifascista',
  tr:
    've ile için karşı ' +
    'parti partisi partileri komünist* sosyalist* işçi* emek* birlik* birliği lig örgüt* hareket* cephe* ' +
    'grup* komite* konsey* federasyon* ittifak* dernek* toplum* merkez* kolektif* koalisyon* platform* ' +
    'inisiyatif* devrimci* devrim* demokratik* demokrasi* halk* ulusal* proleter* marksist* leninist* maoist* ' +
    'troçkist* bolşevik* enternasyonalist* uluslararası yurtsever* cumhuriyet* kızıl* yıldız* yeni birleşik* gençlik* ' +
    'kadın* mücadele* kurtuluş* dayanışma* sınıf* sendika* bağımsız* çizgi* bayrak* şafak* kıvılcım* ' +
    'ilerici* öğrenci* köylü* eylem* savunma* özgürlük* sol solu kuzey güney doğu batı koordinasyon* ' +
    'antifaşist* faşizme',
  ru:
    'и в на за против по с для ' +
    'парти* коммунист* социалист* рабоч* трудящ* труд* союз* лиг* организаци* движени* фронт* групп* ' +
    'комитет* совет* федераци* альянс* ассоциаци* обществ* центр* кружок коллектив* коалици* платформ* ' +
    'инициатив* революци* демократ* народ* национальн* пролетар* маркси* ленин* маоист* троцкист* ' +
    'большеви* интернационал* международн* патриот* республик* красн* звезд* нов* объедин* единств* ' +
    'молодеж* молодёж* женщин* борьб* освобожд* солидарн* класс* профсоюз* независим* лини* путь ' +
    'знам* голос* зар* искр* вперед вперёд студент* крестьян* действи* защит* свобод* прогрессивн* ' +
    'лев* северн* южн* восточн* западн* государств* координаци* поддержк* антифаши*',
};

const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;

/**
 * Every language's words at once, by key: which languages have a word, and which have a stem that
 * is a word's first n letters, for each length n a stem has. Scoring a word is then a few lookups,
 * where testing each language's stems in turn took the most of reading a 5,000-entry list's
 * translations.
 */
interface Vocabularies {
  exact: Map<string, string[]>;
  stems: Map<string, string[]>;
  stemLengths: number[];
}

let vocabularies: Vocabularies | undefined;

/** Script class plus folded word: "L partei", "X partiya". */
function key(word: string): string {
  return `${LATIN.test(word) ? 'L' : 'X'} ${fold(word)}`;
}

function allVocabularies(): Vocabularies {
  if (vocabularies) return vocabularies;
  const exact = new Map<string, string[]>();
  const stems = new Map<string, string[]>();
  const lengths = new Set<number>();
  for (const [lang, words] of Object.entries(WORDS)) {
    for (const word of words.split(/\s+/).filter((w) => w !== '')) {
      const stem = word.endsWith('*');
      const k = key(stem ? word.slice(0, -1) : word);
      const into = stem ? stems : exact;
      const langs = into.get(k) ?? [];
      if (!langs.includes(lang)) into.set(k, [...langs, lang]);
      if (stem) lengths.add(k.length);
    }
  }
  vocabularies = { exact, stems, stemLengths: [...lengths].sort((a, b) => a - b) };
  return vocabularies;
}

/** The languages a word (as a key) belongs to: one of their words, or starting with one of their stems. */
function languagesOf(word: string): Set<string> {
  const { exact, stems, stemLengths } = allVocabularies();
  const langs = new Set(exact.get(word));
  for (const n of stemLengths) {
    if (n > word.length) break;
    for (const lang of stems.get(word.slice(0, n)) ?? []) langs.add(lang);
  }
  return langs;
}

export const VOCABULARY_LANGUAGES: readonly string[] = Object.keys(WORDS);

/**
 * Remembered per word and per text: a list of thousands of entries repeats the same words, and
 * reading one entry asks about the same texts several times. Bounded, then started afresh.
 */
const MEMO_LIMIT = 50_000;
const wordKeys = new Map<string, { value: string | null }>();
const textScores = new Map<string, { value: Map<string, number> }>();
function remember<K, V>(memo: Map<K, { value: V }>, k: K, make: () => V): V {
  const found = memo.get(k);
  if (found) return found.value;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const made = { value: make() };
  memo.set(k, made);
  return made.value;
}

/** A word that says something about the language (no abbreviation, country or single letter), as a key. */
const countableKey = (word: string) =>
  remember(wordKeys, word, () =>
    word.length >= 2 && !isAbbreviationToken(word) && detectCountry(word) === null ? key(word) : null,
  );

function countable(text: string): string[] {
  return text
    .split(/[^\p{L}\p{M}]+/u)
    .map(countableKey)
    .filter((k): k is string => k !== null);
}

/** Share of the countable words in each language's vocabulary; empty when nothing is countable. */
export function languageScores(text: string): Map<string, number> {
  return remember(textScores, text, () => {
    const words = countable(text);
    const scores = new Map<string, number>();
    if (words.length === 0) return scores;
    const hits = new Map<string, number>();
    for (const word of words) for (const lang of languagesOf(word)) hits.set(lang, (hits.get(lang) ?? 0) + 1);
    for (const lang of VOCABULARY_LANGUAGES) scores.set(lang, (hits.get(lang) ?? 0) / words.length);
    return scores;
  });
}

/**
 * Does text read as lang: more than half of its countable words are lang's, and no other
 * language does better. The second half keeps cognates apart: "União Marxista-Leninista
 * Portuguesa" is half Spanish but all Portuguese.
 */
export function readsIn(text: string, lang: string, scores = languageScores(text)): boolean {
  const mine = scores.get(lang) ?? 0;
  if (mine <= 0.5) return false;
  for (const score of scores.values()) if (score > mine) return false;
  return true;
}

/** The language text reads in (see readsIn), preferring the ones listed first on a tie. */
export function languageOf(text: string, prefer: readonly string[] = []): string | null {
  const scores = languageScores(text);
  for (const lang of [...prefer, ...VOCABULARY_LANGUAGES]) if (readsIn(text, lang, scores)) return lang;
  return null;
}
