import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SampledFinding, emptyTally, lookup, precision, sample } from './sample.js';

const f = (i: number): SampledFinding => ({ check: 'MR1002', message: `m${i}`, location: { file: 'a.go', line: i }, fingerprint: { function: 'F', map: 'm', kinds: 'write', hash: `h${i % 3}` } });

describe('precision sample', () => {
  it('is the same whatever the order of the findings, and keeps a finding when others are added', () => {
    const all = Array.from({ length: 30 }, (_, i) => f(i + 1));
    const s = sample(all, 'seed', 10);
    assert.equal(s.length, 10);
    assert.deepEqual(sample([...all].reverse(), 'seed', 10), s);
    const grown = sample([...all, ...Array.from({ length: 30 }, (_, i) => f(i + 100))], 'seed', 60);
    for (const x of s) assert.ok(grown.includes(x));
    assert.notDeepEqual(sample(all, 'other seed', 10), s);
  });

  it('finds a verdict by repository, fingerprint, check and primary line, and counts precision', () => {
    const v = { seed: 's', sample: 10, repos: [], verdicts: [{ repo: 'a/b', commit: 'c', check: 'MR1002', file: 'a.go', line: 1, function: 'F', map: 'm', kinds: 'write', fingerprint: 'h1', snippet: 'm[k] = v', verdict: 'real' as const, reason: 'r', reviewedWith: 'x' }] };
    assert.equal(lookup(v, 'a/b', f(1), 'm[k] = v')?.verdict, 'real');
    assert.equal(lookup(v, 'a/b', f(1), 'other line'), undefined);
    assert.equal(lookup(v, 'a/c', f(1), 'm[k] = v'), undefined);
    assert.equal(precision({ ...emptyTally(), real: 3, false: 1, unclear: 5 }), 0.75);
    assert.equal(precision(emptyTally()), undefined);
  });
});
