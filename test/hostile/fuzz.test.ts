// A small seeded fuzz: random mutations of the fixture files (flipped bytes, cut and duplicated ranges,
// truncation, runs of brackets and nested types, repeated lines, a declaration of a deeply nested type), each in its own package of one module, and
// one `check` over all of them: no internal error, no stack overflow, no hang. The seed is fixed, so a failure
// reproduces; FUZZ_SEED and FUZZ_RUNS explore further.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { REPO } from '../paths.js';
import { assertClean, check, hostileModule, type JsonReport } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED) || 20261127;
const RUNS = Number(process.env.FUZZ_RUNS) || 120;

function goFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.go'))
    .map((e) => path.join(e.parentPath, e.name));
}

const FIXTURES = [...goFiles(path.join(REPO, 'src', 'checks')), ...goFiles(path.join(REPO, 'examples'))].sort().map((f) => fs.readFileSync(f, 'utf8'));

type Mutation =
  | { op: 'flip'; at: number; ch: string }
  | { op: 'cut'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; to: number }
  | { op: 'truncate'; at: number }
  | { op: 'nest'; at: number; text: string; times: number }
  | { op: 'repeatLine'; at: number; times: number }
  | { op: 'declare'; at: number; text: string; times: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, ch: fc.oneof(fc.constantFrom(...'{}()[]"\'`/*:=.,;\n\t\\'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
  fc.record({ op: fc.constant('cut' as const), at: position, len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, len: fc.integer({ min: 1, max: 400 }), to: position }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('nest' as const), at: position, text: fc.constantFrom('{', '(', '[', 'map[int]', '*', 'func() ', 'go func() {', 'if x {', 'struct{ x ', ' + m[1]'), times: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ op: fc.constant('repeatLine' as const), at: position, times: fc.integer({ min: 2, max: 2000 }) }),
  fc.record({ op: fc.constant('declare' as const), at: position, text: fc.constantFrom('map[int]', '*', '[]', 'chan ', 'func() ', '[1]'), times: fc.integer({ min: 1, max: 20_000 }) }),
);

function apply(src: string, m: Mutation): string {
  const at = Math.floor(m.at * src.length);
  switch (m.op) {
    case 'flip':
      return src.slice(0, at) + m.ch + src.slice(at + 1);
    case 'cut':
      return src.slice(0, at) + src.slice(at + m.len);
    case 'duplicate': {
      const to = Math.floor(m.to * src.length);
      return src.slice(0, to) + src.slice(at, at + m.len) + src.slice(to);
    }
    case 'truncate':
      return src.slice(0, at);
    case 'nest':
      return src.slice(0, at) + m.text.repeat(m.times) + src.slice(at);
    case 'repeatLine': {
      const start = src.lastIndexOf('\n', at) + 1;
      const end = src.indexOf('\n', at);
      const line = src.slice(start, end < 0 ? src.length : end + 1);
      return src.slice(0, start) + line.repeat(m.times) + src.slice(start);
    }
    case 'declare':
      return `${src}\nvar _ ${m.text.repeat(m.times)}int\n`;
  }
}

test(`${RUNS} mutated fixture files (seed ${SEED}): no internal error, no stack overflow, no hang`, () => {
  const plans = fc.sample(fc.tuple(fc.nat(FIXTURES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 })), { seed: SEED, numRuns: RUNS });
  const files: Record<string, string> = {};
  plans.forEach(([fixture, mutations], i) => {
    files[`m${String(i).padStart(3, '0')}/a.go`] = mutations.reduce(apply, FIXTURES[fixture]!);
  });
  const r = check(['--format', 'json', '--tests', './...'], hostileModule(files), { timeoutMs: 600_000 });
  assertClean(r);
  const report = JSON.parse(r.stdout) as JsonReport;
  // Exit 2 when a file was skipped (too deeply nested, binary), with the report written all the same.
  assert.equal(r.code, report.errors.length ? 2 : 1, r.stderr);
  const failed = report.errors.filter((e) => !e.message.startsWith('skipped: '));
  assert.deepEqual(failed, [], 'packages whose analysis failed');
  assert.ok(report.findings.some((f) => f.location.file === 'ok/ok.go'));
});
