/** What a check of the derived tables found, listed per table and column (derived.ts, search-index.ts). */

export interface DerivedProblem {
  table: string;
  /** The row: an organization or statement id, an identifier (`scheme:value`), a merge record's seq. */
  row: string | null;
  /** The column that differs. */
  field: string;
  detail: string;
}

/** Problems listed per table and column; past that they are counted, as a table rebuilt wrong would list every row. */
const LISTED = 100;

export class ProblemList {
  readonly #listed: DerivedProblem[] = [];
  /** By table and column: how many were found, and the first past LISTED (which stands for the rest). */
  readonly #kinds = new Map<string, { found: number; past: DerivedProblem | null }>();

  add(problem: DerivedProblem) {
    const kind = this.#kinds.get(`${problem.table}.${problem.field}`) ?? { found: 0, past: null };
    kind.found++;
    if (kind.found <= LISTED) this.#listed.push(problem);
    else kind.past ??= problem;
    this.#kinds.set(`${problem.table}.${problem.field}`, kind);
  }

  all(): DerivedProblem[] {
    const unlisted = [...this.#kinds.values()].flatMap(({ found, past }) =>
      past ? [{ ...past, row: null, detail: `${found - LISTED} more rows differ, not listed` }] : [],
    );
    return [...this.#listed, ...unlisted];
  }
}
