// Every committed dump (produced by scripts/gen-dumps.sh with the real toolchain: Go 1.26 with Swiss-table maps,
// Go 1.22.12, 1.21.13, 1.20.14, 1.17.13 and 1.13.15 with the classic map runtime) has an exact expectation here: kind, culprit goroutine and
// map access, the other party and how sure, the groups; and every file in test/triage/dumps must have one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import zlib from 'node:zlib';
import type { CrashSummary } from '../../src/triage/analyze.js';
import { triage } from '../../src/triage/index.js';

import { REPO } from '../paths.js';

const DUMPS = path.join(REPO, 'test', 'triage', 'dumps');
const read = (name: string) => {
  const buf = fs.readFileSync(path.join(DUMPS, name));
  return (name.endsWith('.gz') ? zlib.gunzipSync(buf) : buf).toString('utf8');
};
const run = async (text: string) => triage(Readable.from([Buffer.from(text)]));

interface Expect {
  kind: string;
  goroutines: number;
  culprit: { id: number; func: string; line: number; op?: string; ptr?: boolean };
  other?: { id: number; func: string; line: number; certainty: string; op?: string };
  groups: number;
  /** The largest group's count, when it matters. */
  largest?: number;
}

const CASES: Record<string, Expect> = {
  'writes-local-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 17, func: 'main.register', line: 9, op: 'write' }, other: { id: 18, func: 'main.register', line: 9, certainty: 'same code', op: 'write' }, groups: 3 },
  'writes-go1.22.12-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 17, func: 'main.register', line: 9, op: 'write' }, other: { id: 18, func: 'main.register', line: 9, certainty: 'same code' }, groups: 3 },
  'writes-local-single.txt': { kind: 'concurrent map writes', goroutines: 1, culprit: { id: 5, func: 'main.register', line: 9, op: 'write' }, groups: 1 },
  'writes-local-system.txt': { kind: 'concurrent map writes', goroutines: 6, culprit: { id: 18, func: 'main.register', line: 9, op: 'write', ptr: true }, other: { id: 17, func: 'main.register', line: 9, certainty: 'same map pointer', op: 'write' }, groups: 6 },
  'readwrite-local-all.txt': { kind: 'concurrent map read and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read' }, other: { id: 18, func: 'main.(*cache).put', line: 12, certainty: 'same code', op: 'write' }, groups: 2 },
  'readwrite-go1.22.12-all.txt': { kind: 'concurrent map read and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read' }, other: { id: 18, func: 'main.(*cache).put', line: 12, certainty: 'same code' }, groups: 2 },
  'iterate-local-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 17, func: 'main.(*store).handle', line: 9, certainty: 'same code' }, groups: 2 },
  'iterate-go1.22.12-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 2, func: 'main.(*store).handle', line: 9, certainty: 'same code' }, groups: 2 },
  'clone-local-all.txt': { kind: 'concurrent map clone and map write', goroutines: 2, culprit: { id: 1, func: 'main.main', line: 18, op: 'clone', ptr: true }, other: { id: 17, func: 'main.main.func1', line: 14, certainty: 'same code' }, groups: 2 },
  'panic-local-all.txt': { kind: 'panic', goroutines: 2, culprit: { id: 1, func: 'main.apply', line: 9 }, groups: 2 },
  'panic-go1.22.12-all.txt': { kind: 'panic', goroutines: 2, culprit: { id: 1, func: 'main.apply', line: 9 }, groups: 2 },
  'writes-go1.21.13-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 5, func: 'main.register', line: 9, op: 'write' }, other: { id: 6, func: 'main.register', line: 9, certainty: 'same code' }, groups: 3 },
  'writes-go1.22.12-system.txt': { kind: 'concurrent map writes', goroutines: 6, culprit: { id: 3, func: 'main.register', line: 9, op: 'write', ptr: true }, other: { id: 2, func: 'main.register', line: 9, certainty: 'same map pointer', op: 'write' }, groups: 6 },
  'readwrite-go1.21.13-system.txt': { kind: 'concurrent map read and map write', goroutines: 6, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read', ptr: true }, other: { id: 18, func: 'main.(*cache).put', line: 12, certainty: 'same map pointer', op: 'write' }, groups: 6 },
  // Swiss tables in a system traceback: the read's map argument is printed as a stale register (`0x2?`), so
  // the other party is found by code, and no pointer is made up.
  'readwrite-local-system.txt': { kind: 'concurrent map read and map write', goroutines: 6, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read' }, other: { id: 4, func: 'main.(*cache).put', line: 12, certainty: 'same code' }, groups: 6 },
  'iterate-go1.21.13-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 5, func: 'main.(*store).handle', line: 9, certainty: 'same code' }, groups: 2 },
  'clone-go1.21.13-all.txt': { kind: 'concurrent map clone and map write', goroutines: 2, culprit: { id: 1, func: 'main.main', line: 18, op: 'clone' }, other: { id: 17, func: 'main.main.func1', line: 13, certainty: 'same code' }, groups: 2 },
  // 200 calls deep: the middle of the stack is elided (`...103 frames elided...`, `...102 frames elided...`), and
  // the goroutines after it are still read.
  'deep-local-all.txt': { kind: 'concurrent map writes', goroutines: 2, culprit: { id: 1, func: 'main.walk', line: 9, op: 'write' }, other: { id: 17, func: 'main.walk', line: 7, certainty: 'same code' }, groups: 2 },
  'deep-go1.22.12-all.txt': { kind: 'concurrent map writes', goroutines: 2, culprit: { id: 5, func: 'main.walk', line: 9, op: 'write' }, other: { id: 1, func: 'main.walk', line: 7, certainty: 'same code' }, groups: 2 },
  'sigsegv-local-all.txt': { kind: 'panic', goroutines: 1, culprit: { id: 1, func: 'main.(*node).child', line: 9 }, groups: 1 },
  'repanic-local-all.txt': { kind: 'panic', goroutines: 1, culprit: { id: 1, func: 'main.load.func1', line: 10 }, groups: 1 },
  'deadlock-local-all.txt': { kind: 'fatal error', goroutines: 2, culprit: { id: 1, func: 'main.main', line: 8 }, groups: 2 },
  // Before Go 1.21: `created by main.main` without `in goroutine N`; Go 1.13 prints fp/sp/pc on the culprit's frames
  // even with GOTRACEBACK=all. Go 1.17 passes arguments in registers and prints stale values without the `?`
  // later versions add: its reader and writer show different map pointers, so the pair is found by code.
  'writes-go1.20.14-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 4, func: 'main.register', line: 9, op: 'write' }, other: { id: 3, func: 'main.register', line: 9, certainty: 'same code', op: 'write' }, groups: 3 },
  'readwrite-go1.20.14-system.txt': { kind: 'concurrent map read and map write', goroutines: 6, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read', ptr: true }, other: { id: 18, func: 'main.(*cache).put', line: 12, certainty: 'same map pointer', op: 'write' }, groups: 6 },
  'iterate-go1.20.14-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 17, func: 'main.(*store).handle', line: 9, certainty: 'same code', op: 'write' }, groups: 2 },
  'writes-go1.17.13-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 5, func: 'main.register', line: 9, op: 'write', ptr: true }, other: { id: 6, func: 'main.register', line: 9, certainty: 'same code', op: 'write' }, groups: 3 },
  'readwrite-go1.17.13-system.txt': { kind: 'concurrent map read and map write', goroutines: 6, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read' }, other: { id: 6, func: 'main.(*cache).put', line: 12, certainty: 'same code', op: 'write' }, groups: 6 },
  'iterate-go1.17.13-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 17, func: 'main.(*store).handle', line: 9, certainty: 'same code', op: 'write' }, groups: 2 },
  'writes-go1.13.15-all.txt': { kind: 'concurrent map writes', goroutines: 3, culprit: { id: 18, func: 'main.register', line: 9, op: 'write', ptr: true }, other: { id: 17, func: 'main.register', line: 9, certainty: 'same code', op: 'write' }, groups: 3 },
  'readwrite-go1.13.15-system.txt': { kind: 'concurrent map read and map write', goroutines: 6, culprit: { id: 1, func: 'main.(*cache).get', line: 10, op: 'read', ptr: true }, other: { id: 6, func: 'main.(*cache).put', line: 12, certainty: 'same map pointer', op: 'write' }, groups: 6 },
  'iterate-go1.13.15-all.txt': { kind: 'concurrent map iteration and map write', goroutines: 2, culprit: { id: 1, func: 'main.(*store).reconcile', line: 14, op: 'iterate' }, other: { id: 17, func: 'main.(*store).handle', line: 9, certainty: 'same code', op: 'write' }, groups: 2 },
  'storm-local-all.txt.gz': { kind: 'concurrent map writes', goroutines: 10005, culprit: { id: 10013, func: 'main.login', line: 13, op: 'write' }, other: { id: 10016, func: 'main.login', line: 13, certainty: 'same code' }, groups: 6, largest: 9999 },
};

function assertCrash(c: CrashSummary, e: Expect, name: string): void {
  assert.equal(c.kind, e.kind, name);
  assert.equal(c.goroutineCount, e.goroutines, `${name}: goroutines`);
  assert.equal(c.culprit?.goroutine, e.culprit.id, `${name}: culprit goroutine`);
  assert.equal(c.culprit?.access?.func, e.culprit.func, `${name}: culprit frame`);
  assert.equal(c.culprit?.access?.line, e.culprit.line, `${name}: culprit line`);
  if (e.culprit.op) assert.equal(c.culprit?.op, e.culprit.op, `${name}: culprit op`);
  if (e.culprit.ptr) assert.match(c.culprit?.mapPointer ?? '', /^0x[0-9a-f]+$/, `${name}: map pointer`);
  if (e.other) {
    assert.equal(c.otherParty?.goroutine, e.other.id, `${name}: other party`);
    assert.equal(c.otherParty?.access?.func, e.other.func, `${name}: other party frame`);
    assert.equal(c.otherParty?.access?.line, e.other.line, `${name}: other party line`);
    assert.equal(c.otherParty?.certainty, e.other.certainty, `${name}: certainty`);
    if (e.other.op) assert.equal(c.otherParty?.op, e.other.op, `${name}: other op`);
    if (e.other.certainty === 'same map pointer') assert.equal(c.otherParty?.mapPointer, c.culprit?.mapPointer);
  } else assert.equal(c.otherParty, undefined, `${name}: no other party`);
  assert.equal(c.groups.length, e.groups, `${name}: groups`);
  assert.equal(c.groups.reduce((n, g) => n + g.count, 0) + c.ungrouped, c.goroutineCount, `${name}: every goroutine is in a group`);
  if (e.largest) assert.equal(c.groups[0]?.count, e.largest, `${name}: largest group`);
  assert.equal(c.truncated, false, `${name}: not truncated`);
}

test('every committed dump has an expectation', () => {
  const files = fs.readdirSync(DUMPS).filter((f) => !f.startsWith('race'));
  assert.ok(files.length >= 20);
  assert.deepEqual(files.filter((f) => !CASES[f]), []);
});

for (const [name, e] of Object.entries(CASES)) {
  test(`dump ${name}`, async () => {
    const r = await run(read(name));
    assert.equal(r.crashes.length, 1);
    assert.equal(r.races.length, 0);
    assertCrash(r.crashes[0]!, e, name);
  });
}

test('the panic dump is not a map crash and names no other party', async () => {
  const r = await run(read('panic-local-all.txt'));
  assert.equal(r.crashes[0]!.message, 'assignment to entry in nil map');
  assert.equal(r.crashes[0]!.candidates.length, 0);
});

test('race report: both accesses, their goroutines and creators', async () => {
  const r = await run(read('race-local-all.txt'));
  assert.equal(r.crashes.length, 0);
  assert.equal(r.races.length, 1);
  const g = r.races[0]!;
  assert.equal(g.count, 1);
  assert.deepEqual(g.accesses.map((a) => [a.op, a.previous, a.goroutine, a.access?.func, a.access?.line]), [
    ['read', false, 8, 'main.main.func1', 16],
    ['write', true, 7, 'main.main.func1', 16],
  ]);
  assert.deepEqual(g.created.map((c) => [c.goroutine, c.state, c.stack[0]?.line]), [[8, 'running', 14], [7, 'finished', 14]]);
});

test('elided frames are flagged and the frames after them kept', async () => {
  const c = (await run(read('deep-local-all.txt'))).crashes[0]!;
  assert.equal(c.culprit?.stack.at(-1)?.func, 'main.main');
});

test('nested panic and signal lines are kept as notes', async () => {
  assert.deepEqual((await run(read('repanic-local-all.txt'))).crashes[0]!.notes, ['panic: reload failed']);
  assert.equal((await run(read('repanic-local-all.txt'))).crashes[0]!.message, 'config missing [recovered]');
  assert.match((await run(read('sigsegv-local-all.txt'))).crashes[0]!.notes[0] ?? '', /^\[signal SIGSEGV: segmentation violation/);
});

test('a whole `go test -race -v` log: every report read, repeated pairs grouped, test output passed over', async () => {
  const r = await run(read('racetest-local-test.txt'));
  assert.equal(r.crashes.length, 0);
  assert.equal(r.races.reduce((n, g) => n + g.count, 0), 4);
  const key = (g: (typeof r.races)[number]) => g.accesses.map((a) => `${a.previous ? 'previous ' : ''}${a.op}@${path.basename(a.access?.file ?? '')}:${a.access?.line}`).join(' / ');
  assert.deepEqual(r.races.map((g) => [key(g), g.count]), [
    ['read@counter.go:15 / previous write@counter.go:15', 2],
    ['write@counter.go:15 / previous write@counter.go:15', 1],
    ['write@counter_test.go:17 / previous read@counter.go:24', 1],
  ]);
  assert.equal(r.races[2]!.accesses[1]!.access?.func, 'example.com/crashers/racetest.Seen');
});

test('repeated race reports with the same pair of locations are one group', async () => {
  const one = read('race-local-all.txt');
  const other = one.replace(/main\.go:16/g, 'main.go:17');
  const r = await run(`=== RUN TestA\n${one}--- FAIL: TestA\n${one}${other}${one}`);
  assert.deepEqual(r.races.map((g) => g.count), [3, 1]);
});

test('a restart history: several crashes in one log, each triaged on its own', async () => {
  const text = ['log line', read('writes-local-all.txt'), 'restarting', read('iterate-local-all.txt'), read('panic-local-all.txt')].join('\n');
  const r = await run(text);
  assert.deepEqual(r.crashes.map((c) => c.kind), ['concurrent map writes', 'concurrent map iteration and map write', 'panic']);
  assertCrash(r.crashes[1]!, CASES['iterate-local-all.txt']!, 'second crash');
});

test('a dump cut in the middle of a frame is reported as truncated', async () => {
  const text = read('writes-local-all.txt');
  const cut = text.slice(0, text.indexOf('main.worker(0x1'));
  const r = await run(cut + 'main.wor');
  assert.equal(r.crashes.length, 1);
  assert.equal(r.crashes[0]!.truncated, true);
  assert.equal(r.crashes[0]!.culprit?.access?.func, 'main.register');
});

