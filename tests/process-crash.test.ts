// Real server processes (`node --import tsx src/server.ts`), real sockets on 127.0.0.1, real
// signals: what the API promises about crashes, checked from the outside.
import { describe, expect, it } from 'vitest';

import {
  call,
  checkFile,
  failureCode,
  mapLimit,
  oneAddition,
  type Integrity,
  type Organization,
  type SignatoryEvent,
} from './support/process-client.js';
import { auth, cli, tail, until, workspace } from './support/server-process.js';

describe('a real server process', () => {
  it('loses no acknowledged write when SIGKILLed under concurrent load', { timeout: 60_000 }, async ({ annotate }) => {
    const startedAt = performance.now();
    const ws = workspace();
    const first = await ws.start({ logLevel: 'warn' });

    const statement = await call<{ id: string }>(first.base, 'POST', '/v1/statements', { title: 'T', issuer: 'I' });
    expect(statement.status, JSON.stringify(statement.body)).toBe(201);
    const statementId = statement.body.id;

    // Every write the server answered 201 to, with what it said it stored.
    const ackedOrganizations = new Map<string, string>(); // id -> name
    const ackedEvents: { seq: number; hash: string; organizationId: string; name: string }[] = [];
    // What must not happen while the server is alive: any other answer, any connection error.
    const unexpected: string[] = [];
    const failuresAfterKill = new Map<string, number>();
    let killed = false;
    let stop = false;
    let inFlight = 0;
    let sent = 0;

    const CLIENTS = 8;
    const MAX_PER_CLIENT = 2_000;
    const client = async (c: number) => {
      const organizations = c % 2 === 0;
      for (let n = 0; n < MAX_PER_CLIENT && !stop; n++) {
        const name = `${organizations ? 'org' : 'sig'}-${c}-${n}`;
        const [path, body] = organizations
          ? ['/v1/organizations', { name }]
          : [`/v1/statements/${statementId}/events`, oneAddition(name)];
        inFlight++;
        sent++;
        try {
          const res = await fetch(`${first.base}${path}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status !== 201) {
            unexpected.push(`${path} ${name}: ${res.status} ${text.slice(0, 300)}`);
            continue;
          }
          // Acknowledged: the status line and the whole body arrived.
          if (organizations) {
            const org = JSON.parse(text) as Organization;
            ackedOrganizations.set(org.id, org.name);
          } else {
            const event = JSON.parse(text) as SignatoryEvent;
            ackedEvents.push({
              seq: event.seq,
              hash: event.hash,
              organizationId: event.items[0]?.organizationId ?? '',
              name,
            });
          }
        } catch (error) {
          // Unacknowledged: it may or may not have been committed.
          const code = failureCode(error);
          if (!killed) unexpected.push(`${path} ${name}: ${code} before the kill`);
          else {
            failuresAfterKill.set(code, (failuresAfterKill.get(code) ?? 0) + 1);
            return; // the server is gone: every loop ends here
          }
        } finally {
          inFlight--;
        }
      }
    };

    const loadStart = performance.now();
    const loops = Array.from({ length: CLIENTS }, (_, c) => client(c));
    const acked = () => ackedOrganizations.size + ackedEvents.length;
    try {
      await until(
        () => (acked() >= 50 && performance.now() - loadStart >= 1_500) || unexpected.length > 0 || !first.running(),
        20_000,
        () => `50 acknowledged writes (have ${acked()})`,
      );
    } catch (error) {
      stop = true;
      throw error;
    }
    if (unexpected.length > 0 || !first.running()) stop = true;
    expect(unexpected).toEqual([]);
    expect(first.running(), tail(first.output())).toBe(true);

    // Kill it while the clients' requests are on the wire.
    const inFlightAtKill = inFlight;
    const ackedAtKill = acked();
    killed = true;
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(loops);
    const loadMs = Math.round(performance.now() - loadStart);
    expect(unexpected).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(acked()).toBeGreaterThanOrEqual(50);
    // Every client ran until the kill and ended on the connection error it caused.
    expect([...failuresAfterKill.values()].reduce((a, b) => a + b, 0)).toBe(CLIENTS);
    const cutMidRequest = [...failuresAfterKill]
      .filter(([code]) => code !== 'ECONNREFUSED')
      .reduce((a, [, n]) => a + n, 0);
    // Distinct seqs: no event was acknowledged twice under one number.
    expect(new Set(ackedEvents.map((e) => e.seq)).size).toBe(ackedEvents.length);

    // Restart on the same file: WAL recovery, migrations, the bootstrap key.
    const second = await ws.start({ logLevel: 'warn' });

    const missingOrganizations = await mapLimit([...ackedOrganizations], 8, async ([id, name]) => {
      const res = await call<Organization>(second.base, 'GET', `/v1/organizations/${id}`);
      return res.status === 200 && res.body.name === name ? null : `${id} (${name}): ${res.status}`;
    });
    expect(missingOrganizations.filter((m) => m !== null)).toEqual([]);

    const badEvents = await mapLimit(ackedEvents, 8, async (ack) => {
      const res = await call<SignatoryEvent>(second.base, 'GET', `/v1/statements/${statementId}/events/${ack.seq}`);
      if (res.status !== 200) return `seq ${ack.seq}: ${res.status}`;
      if (res.body.hash !== ack.hash) return `seq ${ack.seq}: hash ${res.body.hash}, acknowledged ${ack.hash}`;
      if (res.headers.get('etag') !== `"${ack.hash}"`) return `seq ${ack.seq}: etag ${res.headers.get('etag')}`;
      if (res.body.items[0]?.organizationId !== ack.organizationId)
        return `seq ${ack.seq}: items ${JSON.stringify(res.body.items)}`;
      const org = await call<Organization>(second.base, 'GET', `/v1/organizations/${ack.organizationId}`);
      return org.status === 200 && org.body.name === ack.name
        ? null
        : `seq ${ack.seq}: organization ${ack.organizationId} ${org.status}`;
    });
    expect(badEvents.filter((m) => m !== null)).toEqual([]);

    const integrity = await call<Integrity>(second.base, 'GET', `/v1/statements/${statementId}/integrity`);
    expect(integrity.status).toBe(200);
    expect(integrity.body).toMatchObject({ valid: true, firstBadSeq: null, detail: null });
    expect(integrity.body.length).toBeGreaterThanOrEqual(ackedEvents.length);
    expect(integrity.body.length).toBeGreaterThanOrEqual(Math.max(0, ...ackedEvents.map((e) => e.seq)));

    // The admin CLI, alongside the running server, agrees.
    const verify = await cli(ws.databasePath, 'verify');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(
      `ok      ${statementId}: ${integrity.body.length} events, head ${integrity.body.head}`,
    );

    // Stop the restarted server gracefully, then look at the file itself.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const file = checkFile(ws.databasePath);
    expect(file.integrity).toBe('ok');
    expect(file.foreignKeyProblems).toBe(0);
    expect(file.events).toBe(integrity.body.length);
    const stored = new Set(file.organizationNames);
    for (const name of ackedOrganizations.values()) expect(stored.has(name), name).toBe(true);
    for (const { name } of ackedEvents) expect(stored.has(name), name).toBe(true);

    const committedButUnacknowledged = stored.size - ackedOrganizations.size - ackedEvents.length;
    await annotate(
      `SIGKILL after ${loadMs} ms of load: ${sent} requests sent, ${ackedAtKill} acknowledged at the kill ` +
        `(${acked()} in all: ${ackedOrganizations.size} organizations, ${ackedEvents.length} events), ${inFlightAtKill} in flight, ` +
        `client errors after the kill ${JSON.stringify(Object.fromEntries(failuresAfterKill))} (${cutMidRequest} cut mid-request); after restart: ${integrity.body.length} events, ` +
        `${stored.size} organizations, ${committedButUnacknowledged} committed but unacknowledged; ` +
        `test took ${Math.round(performance.now() - startedAt)} ms`,
    );
  });
});
