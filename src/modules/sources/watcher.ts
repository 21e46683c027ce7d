import type { FastifyBaseLogger } from 'fastify';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import type { Background } from '../../lib/worker-thread.js';
import { checkSource, type SourceOptions } from './check.js';
import { dueSources } from './repository.js';

/**
 * Fetches each watched source when it is due, one at a time, on a timer of its own. A fetch is
 * network I/O (it never holds the event loop); a failure is recorded on its source and the watcher
 * goes on with the next.
 */
export class SourceWatcher implements Background {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly db: Conn,
    private readonly lane: WriteLane,
    private readonly options: SourceOptions & { pollMs: number },
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.round(), this.options.pollMs);
    this.#timer.unref();
  }

  /** Checks the sources due now; a round already under way is joined, not doubled. */
  round(): Promise<void> {
    this.#running ??= this.#checkDue().finally(() => (this.#running = null));
    return this.#running;
  }

  async #checkDue(): Promise<void> {
    for (const source of dueSources(this.db, this.options.now().toISOString(), 10)) {
      if (this.#stopped) return;
      try {
        const result = await checkSource(this.db, this.lane, this.options, source.id);
        this.log.info(
          { sourceId: source.id, outcome: result.outcome, proposalId: result.proposalId },
          'sources: checked',
        );
      } catch (error) {
        this.log.error({ sourceId: source.id, err: error }, 'sources: a check failed');
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
