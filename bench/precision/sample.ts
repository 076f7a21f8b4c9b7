// The precision protocol's sample (docs/benchmarks.md): per repository, the findings ordered by
// sha256(seed | fingerprint hash | file:line), the first N. The same seed gives the same sample on every machine, and
// a finding keeps its place when the engine changes others, so a new review reads only what is new.
import { createHash } from 'node:crypto';

export interface SampledFinding {
  check: string;
  message: string;
  location: { file: string; line: number };
  fingerprint: { function: string; map: string; kinds: string; hash: string };
}

export function sampleKey(seed: string, f: SampledFinding): string {
  return createHash('sha256').update(`${seed}|${f.fingerprint.hash}|${f.location.file}:${f.location.line}`).digest('hex');
}

export function sample<F extends SampledFinding>(findings: readonly F[], seed: string, n: number): F[] {
  return findings
    .map((f) => [sampleKey(seed, f), f] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([, f]) => f);
}

export type Verdict = 'real' | 'false' | 'unclear';

export interface ReviewedFinding {
  repo: string;
  commit: string;
  check: string;
  file: string;
  line: number;
  function: string;
  map: string;
  kinds: string;
  fingerprint: string;
  /** The primary line, trimmed: with the fingerprint it finds the verdict again when only line numbers moved. */
  snippet: string;
  verdict: Verdict;
  reasonClass?: string;
  reason: string;
  /** The maprace commit the reviewer read the finding from. */
  reviewedWith: string;
}

export interface ReviewedRepo {
  repo: string;
  commit: string;
  module: string;
}

export interface Verdicts {
  seed: string;
  sample: number;
  repos: ReviewedRepo[];
  verdicts: ReviewedFinding[];
}

/** The verdict for a finding of `repo`: same fingerprint hash and the same primary line text. */
export function lookup(v: Verdicts, repo: string, f: SampledFinding, snippet: string): ReviewedFinding | undefined {
  return v.verdicts.find((r) => r.repo === repo && r.fingerprint === f.fingerprint.hash && r.snippet === snippet && r.check === f.check);
}

export interface CheckTally {
  findings: number;
  sampled: number;
  real: number;
  false: number;
  unclear: number;
  unreviewed: number;
}

export function emptyTally(): CheckTally {
  return { findings: 0, sampled: 0, real: 0, false: 0, unclear: 0, unreviewed: 0 };
}

/** real / (real + false), or undefined when nothing was judged either way. */
export function precision(t: CheckTally): number | undefined {
  return t.real + t.false ? t.real / (t.real + t.false) : undefined;
}
