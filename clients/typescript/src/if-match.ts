import { ProblemError, unwrap, type Result } from './problems.js';

export interface ReadModifyWrite<R, P, W> {
  /** Reads the resource; its response must carry an ETag. */
  read: () => Promise<Result<R>>;
  /** The change to make to what was read, or undefined when there is nothing to do. */
  change: (current: R) => P | undefined;
  /** Sends the change with `If-Match: etag`. */
  write: (patch: P, etag: string) => Promise<Result<W>>;
}

export type Updated<R, W> =
  { changed: false; value: R; attempts: number } | { changed: true; value: W; attempts: number };

/**
 * Read, change, write with `If-Match`. When someone else wrote in between (412), reads again
 * and decides again, once; a second 412 throws (a resource that busy needs a person).
 */
export async function readModifyWrite<R, P, W>(steps: ReadModifyWrite<R, P, W>): Promise<Updated<R, W>> {
  for (let attempt = 1; ; attempt++) {
    const read = await steps.read();
    const current = unwrap(read);
    const patch = steps.change(current);
    if (patch === undefined) return { changed: false, value: current, attempts: attempt };
    const etag = read.response.headers.get('etag');
    if (etag === null) throw new Error(`${read.response.url} sent no ETag to write against`);
    try {
      return { changed: true, value: unwrap(await steps.write(patch, etag)), attempts: attempt };
    } catch (error) {
      if (!(error instanceof ProblemError && error.is('precondition-failed')) || attempt >= 2) throw error;
    }
  }
}
