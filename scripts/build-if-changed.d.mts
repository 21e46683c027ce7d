// Types for the tests, which apply the same rule to decide what a spawned process runs.
/** Whether dist/ is older than a file the build reads (or missing). */
export function buildIsStale(): boolean;
/** tsc, then the country index written, the CLI made executable and the build's time noted. */
export function build(): void;
