/**
 * The timeline's two times, defined once. A signature's span on a list holds in valid time from
 * valid_from until valid_to (the dates the lists speak for), and in transaction time from the
 * event known_from until the event known_to (what the database knew). Either end is open while
 * null. Every read of the spans, SQL or not, asks the same question of both: does the stretch
 * hold at this point?
 */

/** Later than any date an event may carry: "as of" it is the latest list. */
export const END_OF_TIME = '9999-12-31';

/**
 * The stretch [from, to) holds at `at` (`to` null: still open). Written once over a template tag,
 * so that drizzle's `sql` (columns and placeholders) and raw SQL (`String.raw`, aliases and named
 * parameters) build the same predicate.
 */
export function holdsAt<T, R>(
  tag: (strings: TemplateStringsArray, ...values: T[]) => R,
  from: NoInfer<T>,
  to: NoInfer<T>,
  at: NoInfer<T>,
): R {
  return tag`${from} <= ${at} AND (${to} IS NULL OR ${to} > ${at})`;
}

/** The same predicate over values already read (spans filtered in memory). */
export function holds<T extends string | number>(from: T, to: T | null, at: T): boolean {
  return from <= at && (to === null || to > at);
}
