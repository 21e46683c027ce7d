import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by server.ts, so it runs before the app's modules load. V8 lets an old
 * generation grow to as much as four times what survived its last full collection on a machine
 * with gigabytes free, and how far depends on how fast its last collections ran. On the server
 * thread every long event leaves its parsed body and validated copy (some 6 MB for 5,000
 * entries) promoted and dead there: building the bench's 100,000-signatory list peaked at
 * 363–416 MB in most runs and 475–507 MB in 4 of 13, the main heap at 195 MB in those. A fixed
 * factor of 1.5 bounds that garbage: 371–378 MB in each of 7 runs (the build took 36–45 s,
 * against 32–43 s). The flag is the process's: the worker threads started later grow by it too.
 */
setFlagsFromString('--heap-growing-percent=50');
