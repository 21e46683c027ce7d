import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that sits beside `callerUrl` (the caller's
 * import.meta.url). From src/ it is TypeScript: Node 20 does not pass `--import tsx` on to
 * workers, so the entry is loaded through tsx's API (tests and `npm run dev`); built, it is plain
 * JavaScript.
 */
export function startWorker(callerUrl: string, name: string): Worker {
  const typescript = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, callerUrl);
  return typescript
    ? new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(callerUrl)}))`, { eval: true })
    : new Worker(entry);
}

/**
 * Called on a worker thread: on Linux, nice values are per thread, so this one then yields to the
 * server's event loop whenever both want a core, and reads stay quick while a long job runs.
 * Elsewhere, or if refused, it runs at the process's priority.
 */
export function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + 10));
  } catch {
    // Not Linux, or not allowed: no harm done.
  }
}
