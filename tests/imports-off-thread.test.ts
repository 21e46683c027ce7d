// Long lists are imported on the import worker (its own thread and connection): the same answers
// as inline, refusals and idempotent replays included, while the server keeps answering.
import { describe, expect, it, onTestFinished } from 'vitest';
import { ImportWorker, OFF_THREAD_ABOVE } from '../src/modules/imports/off-thread.js';
import { expectProblem, makeApp } from './support/app.js';
import { importText, type ImportResult } from './support/imports.js';
import { listAt } from './support/timeline.js';

/** A list long enough (over 16 KiB) to go to the worker. */
function longDocument(entries: number, asOf: string | null = '21 January 2022') {
  const lines = Array.from(
    { length: entries },
    (_, i) => `${i + 1}. P${i + 1} Partei der Arbeit Nummer ${i + 1} (Workers Party number ${i + 1}), Germany`,
  );
  return `ICOR resolution:\n\nA long list\n\nBody.\n\nSignatories${asOf ? ` (as of ${asOf})` : ''}:\n\n${lines.join('\n')}\n`;
}

describe('importing a long list off the main thread', () => {
  it('writes the same statement, event and list as an inline import would, and replays by Idempotency-Key', async () => {
    const t = await makeApp();
    const text = longDocument(1500);
    expect(Buffer.byteLength(text)).toBeGreaterThan(16 * 1024);
    const dry = await importText(t, text, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<ImportResult>()).toMatchObject({ dryRun: true, outcome: 'created', total: 1500 });

    const headers = { 'content-type': 'text/plain', 'idempotency-key': 'long-list-1' };
    const [real, health] = await Promise.all([
      t.as('editor', { method: 'POST', url: '/v1/imports', headers, payload: text }),
      t.app.inject({ method: 'GET', url: '/health' }),
    ]);
    expect(health.statusCode).toBe(200);
    expect(real.statusCode, real.body).toBe(201);
    const body = real.json<ImportResult>();
    expect(body).toMatchObject({ outcome: 'created', total: 1500, event: { seq: 1, total: 1500 } });
    expect(real.headers.location).toBe(`/v1/statements/${body.statement.id}/events/1`);
    expect((await listAt(t, body.statement.id ?? '', '?limit=10')).total).toBe(1500);

    const replay = await t.as('editor', { method: 'POST', url: '/v1/imports', headers, payload: text });
    expect([replay.statusCode, replay.headers['idempotent-replayed'], replay.body]).toEqual([201, 'true', real.body]);
    expectProblem(
      await t.as('editor', { method: 'POST', url: '/v1/imports', headers, payload: longDocument(1501) }),
      422,
    );
    const again = await importText(t, text);
    expect(again.json<ImportResult>()).toMatchObject({ outcome: 'unchanged' });
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/statements/${body.statement.id}/integrity` })).json(),
    ).toMatchObject({ valid: true });
  });

  it('answers 413 job-too-large, with nothing written, when the list needs more memory than the worker may use', async () => {
    // A heap in which the worker (loaded through tsx here) reads 250 entries but not 20,000.
    const t = await makeApp({ config: { importWorkerLimits: { maxOldGenerationSizeMb: 64 } } });
    const problem = expectProblem(await importText(t, longDocument(20_000)), 413);
    expect(problem).toMatchObject({ type: 'urn:undersigned:problem:job-too-large' });
    const statements = await t.app.inject({ method: 'GET', url: '/v1/statements' });
    expect(statements.json<{ items: unknown[] }>().items).toEqual([]);
    // The server goes on: a list that fits is imported by a new worker.
    const fits = longDocument(250);
    expect(Buffer.byteLength(fits)).toBeGreaterThan(OFF_THREAD_ABOVE);
    expect((await importText(t, fits)).statusCode).toBe(201);
  });

  it("reports the worker's refusals as problems naming the field", async () => {
    const t = await makeApp();
    const problem = expectProblem(await importText(t, longDocument(1500, null)), 400);
    expect(problem).toMatchObject({
      type: 'urn:undersigned:problem:missing-as-of',
      errors: [{ in: 'query', field: 'asOf' }],
    });
    const dated = await importText(t, longDocument(1500, null), '?asOf=2022-05-01');
    expect(dated.statusCode, dated.body).toBe(201);
  });
});

/** A dry run of a text, as the routes hand it to the worker. */
const dryRunJob = (text: string) => ({
  text,
  extracted: null,
  document: { bytes: Buffer.from(text), mediaType: 'text/plain' as const },
  dryRun: true,
  actor: 'test',
  scope: null,
});

describe('the import worker', () => {
  it('stops once it has had no job for a while, and starts again for the next', async () => {
    const t = await makeApp();
    const worker = new ImportWorker(t.databasePath, { idleMs: 100 });
    onTestFinished(() => worker.stop());
    const job = dryRunJob(longDocument(300));
    const first = await worker.run(job);
    expect(first.status).toBe(200);
    expect(worker.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(worker.running).toBe(false);
    const second = await worker.run(job);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.payload.toString())).toMatchObject({ dryRun: true, outcome: 'created', total: 300 });
  });

  it('stops at once after a job that left its heap over the limit, and the next import still runs', async () => {
    const t = await makeApp();
    // Any heap is over one byte; the idle time alone would keep it for a minute.
    const worker = new ImportWorker(t.databasePath, { idleMs: 60_000, heapLimit: 1 });
    onTestFinished(() => worker.stop());
    const job = dryRunJob(longDocument(300));
    const first = await worker.run(job);
    expect(first.status).toBe(200);
    expect(worker.running).toBe(false);
    // The next job's thread starts once the stopped one has exited, not beside it (two heaps).
    let most = worker.threads;
    const watch = setInterval(() => (most = Math.max(most, worker.threads)), 1);
    const second = await worker.run(job).finally(() => clearInterval(watch));
    expect(JSON.parse(second.payload.toString())).toMatchObject({ dryRun: true, outcome: 'created', total: 300 });
    expect(most).toBe(1);
    expect(worker.threads).toBe(1);
  });

  it('fails a job still waiting for a stopped thread to exit when the server stops the worker', async () => {
    const t = await makeApp();
    const worker = new ImportWorker(t.databasePath, { idleMs: 60_000, heapLimit: 1 });
    const job = dryRunJob(longDocument(300));
    expect((await worker.run(job)).status).toBe(200);
    const waiting = worker.run(job);
    await worker.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
    expect(worker.threads).toBe(0);
  });

  it('fails a job still running when the server stops the worker, and starts no warm-up after', async () => {
    const t = await makeApp();
    const worker = new ImportWorker(t.databasePath, { idleMs: 60_000, heapLimit: 1 });
    const job = dryRunJob(longDocument(300));
    // A new thread takes hundreds of milliseconds to load: the job is still running at 50 ms.
    const running = worker.run(job);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.stop();
    await expect(running).rejects.toThrow(/stopped/);
    // A warm-up sent while a thread is being stopped waits for it, and is dropped if stop() came.
    expect((await worker.run(job)).status).toBe(200);
    worker.warmUp();
    await worker.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(worker.running).toBe(false);
    expect(worker.threads).toBe(0);
  });

  it('keeps running, warm, after a job that left its heap under the limit', async () => {
    const t = await makeApp();
    const worker = new ImportWorker(t.databasePath, { idleMs: 60_000, heapLimit: 4 * 1024 ** 3 });
    onTestFinished(() => worker.stop());
    const reply = await worker.run(dryRunJob(longDocument(300)));
    expect(reply.status).toBe(200);
    expect(worker.running).toBe(true);
  });

  it('tries once more, on a new thread, a job that only shared the thread with one that ran out of memory', async () => {
    const t = await makeApp();
    const worker = new ImportWorker(t.databasePath, { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    onTestFinished(() => worker.stop());
    const [big, small] = await Promise.allSettled([
      worker.run(dryRunJob(longDocument(20_000))),
      worker.run(dryRunJob(longDocument(250))),
    ]);
    expect(big).toMatchObject({ status: 'rejected', reason: { code: 'job-too-large' } });
    expect(small).toMatchObject({ status: 'fulfilled', value: { status: 200 } });
  });

  it('runs within the heap sizes it is given: too small a heap fails the job, not the server', async () => {
    const t = await makeApp();
    const starved = new ImportWorker(t.databasePath, { resourceLimits: { maxOldGenerationSizeMb: 8 } });
    onTestFinished(() => starved.stop());
    await expect(starved.run(dryRunJob(longDocument(3000)))).rejects.toMatchObject({
      kind: 'too-large',
      code: 'job-too-large',
    });
    // The server's own worker, with its limits, reads the same list.
    const worker = new ImportWorker(t.databasePath);
    onTestFinished(() => worker.stop());
    expect((await worker.run(dryRunJob(longDocument(3000)))).status).toBe(200);
  });
});
