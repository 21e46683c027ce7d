/**
 * The event-loop probes in a process of their own. In the bench's own process they shared an
 * event loop with the import being timed, whose 4 MB result the bench reads and checks: that
 * stall was counted as the server's. Started by probeElsewhere (bench/load.ts); SIGTERM stops
 * it, and it prints its results as JSON.
 */
import { z } from 'zod';
import { probe } from './load.js';

const rate = Number(process.argv[2]);
const probes = z.array(z.object({ name: z.string(), url: z.string() })).parse(JSON.parse(process.argv[3] ?? '[]'));
const running = probe(probes, rate);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void running.stop().then((results) => {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    process.exit(0);
  });
});
