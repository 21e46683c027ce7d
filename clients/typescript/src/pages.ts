import { unwrap, type Result } from './problems.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a paged list, page after page (`cursor` ← `nextCursor` until it is null):
 *
 *     for await (const org of allPages((cursor) => client.GET('/v1/organizations', { params: { query: { q, cursor } } })))
 *
 * A failed page throws a ProblemError.
 */
export async function* allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Result<Page<T>>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = unwrap(await fetchPage(cursor));
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** {@link allPages} collected into an array. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Result<Page<T>>>,
): Promise<T[]> {
  const items: T[] = [];
  for await (const item of allPages(fetchPage)) items.push(item);
  return items;
}
