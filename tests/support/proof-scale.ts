/**
 * How large the randomized proofs are (the fuzzer, the timeline's model-based test): FUZZ_SCALE
 * multiplies their runs. CI runs them whole (.ci/run sets FUZZ_SCALE=1; any CI=true does too);
 * a run on a developer's machine does a quarter, enough to catch most breakage in a few seconds.
 * FUZZ_SCALE=1 locally runs what CI runs; FUZZ_SCALE=10 hunts ten times longer.
 */
const CI_SCALE = 1;
const LOCAL_SCALE = 0.25;

const given = Number(process.env.FUZZ_SCALE);
export const PROOF_SCALE =
  process.env.FUZZ_SCALE && given > 0 ? Math.max(given, 0.01) : isCi() ? CI_SCALE : LOCAL_SCALE;

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** `runs` at the proof scale (at least one). */
export const scaledRuns = (runs: number) => Math.max(1, Math.ceil(runs * PROOF_SCALE));
