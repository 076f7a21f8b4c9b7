// Triage on real dumps made by test/triage/programs (scripts/gen-dumps.sh), on log wrappers, and on hostile input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import fc from 'fast-check';
import { triage } from '../src/triage/index.js';
import { readLines } from '../src/triage/lines.js';
import { CLI, REPO } from './paths.js';

const AjvDraft04 = AjvDraft04Module.default;
const DUMPS = path.join(REPO, 'test', 'triage', 'dumps');
const dump = (name: string) => {
  const raw = fs.readFileSync(path.join(DUMPS, name));
  return name.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
};
async function* chunks(text: string, size = 4096): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const run = (text: string) => triage(chunks(text));
const at = (f?: { func: string; line: number }) => (f ? `${f.func}:${f.line}` : undefined);

interface Expect {
  kind: string;
  culprit: string;
  op?: string;
  other?: string;
  certainty?: string;
  goroutines?: number;
}

const CASES: Record<string, Expect> = {
  'writes-local-all.txt': { kind: 'concurrent map writes', culprit: 'main.register:9', op: 'write', other: 'main.register:9', certainty: 'same code', goroutines: 3 },
  'writes-go1.22.12-all.txt': { kind: 'concurrent map writes', culprit: 'main.register:9', op: 'write', other: 'main.register:9', certainty: 'same code', goroutines: 3 },
  'writes-local-system.txt': { kind: 'concurrent map writes', culprit: 'main.register:9', op: 'write', other: 'main.register:9', certainty: 'same map pointer' },
  'writes-local-single.txt': { kind: 'concurrent map writes', culprit: 'main.register:9', op: 'write', goroutines: 1 },
  'readwrite-local-all.txt': { kind: 'concurrent map read and map write', culprit: 'main.(*cache).get:10', op: 'read', other: 'main.(*cache).put:12', certainty: 'same code' },
  'readwrite-go1.22.12-all.txt': { kind: 'concurrent map read and map write', culprit: 'main.(*cache).get:10', op: 'read', other: 'main.(*cache).put:12', certainty: 'same code' },
  'iterate-local-all.txt': { kind: 'concurrent map iteration and map write', culprit: 'main.(*store).reconcile:14', op: 'iterate', other: 'main.(*store).handle:9', certainty: 'same code' },
  'iterate-go1.22.12-all.txt': { kind: 'concurrent map iteration and map write', culprit: 'main.(*store).reconcile:14', op: 'iterate', other: 'main.(*store).handle:9', certainty: 'same code' },
  'clone-local-all.txt': { kind: 'concurrent map clone and map write', culprit: 'main.main:18', op: 'clone', other: 'main.main.func1:14', certainty: 'same code' },
  'panic-local-all.txt': { kind: 'panic', culprit: 'main.apply:9' },
  'panic-go1.22.12-all.txt': { kind: 'panic', culprit: 'main.apply:9' },
  'storm-local-all.txt.gz': { kind: 'concurrent map writes', culprit: 'main.login:13', op: 'write', other: 'main.login:13', certainty: 'same code', goroutines: 10005 },
};

for (const [name, want] of Object.entries(CASES)) {
  test(`dump ${name}`, async () => {
    const r = await run(dump(name));
    assert.equal(r.crashes.length, 1);
    const c = r.crashes[0]!;
    assert.equal(c.kind, want.kind);
    assert.equal(at(c.culprit?.access), want.culprit);
    if (want.op) assert.equal(c.culprit?.op, want.op);
    assert.equal(at(c.otherParty?.access), want.other);
    if (want.certainty) assert.equal(c.otherParty?.certainty, want.certainty);
    if (want.goroutines) assert.equal(c.goroutineCount, want.goroutines);
    assert.equal(c.groups.reduce((n, g) => n + g.count, 0), c.goroutineCount);
  });
}

test('system traceback: map pointer of both parties, goroutine headers with gp= m=', async () => {
  const c = (await run(dump('writes-local-system.txt'))).crashes[0]!;
  assert.match(c.culprit?.mapPointer ?? '', /^0x[0-9a-f]+$/);
  assert.equal(c.otherParty?.mapPointer, c.culprit?.mapPointer);
  assert.equal(c.otherParty?.runtimeFrame, 'runtime.mapassign_fast64');
});

test('storm: 10k goroutines grouped by stack', async () => {
  const c = (await run(dump('storm-local-all.txt.gz'))).crashes[0]!;
  assert.equal(c.groups[0]!.count, 10_000 - 1);
  assert.equal(c.groups[0]!.state, 'chan receive');
  assert.equal(c.groups[0]!.stack[1]?.func ?? c.groups[0]!.stack[0]?.func, 'main.idle');
});

test('race reports: parsed, and repeated ones grouped by location pair', async () => {
  const text = dump('race-local-all.txt');
  const r = await run(`${text}\nsome test output\n${text}`);
  assert.equal(r.races.length, 1);
  const g = r.races[0]!;
  assert.equal(g.count, 2);
  assert.deepEqual(g.accesses.map((a) => `${a.previous ? 'previous ' : ''}${a.op}@${at(a.access)}`).sort(), ['previous write@main.main.func1:16', 'read@main.main.func1:16']);
  assert.equal(g.created.length, 2);
});

test('log wrappers: CRI-O/containerd prefixes, kubectl --timestamps, JSON lines, CRLF, tabs as spaces', async () => {
  const text = dump('readwrite-local-all.txt');
  const lines = text.split('\n');
  const variants = [
    lines.map((l) => `2024-11-28T10:00:00.123456789Z stderr F ${l}`).join('\n'),
    lines.map((l) => `2024-11-28T10:00:00.123456789+01:00 ${l}`).join('\n'),
    lines.map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2024-11-28T10:00:00Z' })).join('\n'),
    lines.map((l) => JSON.stringify({ level: 'error', message: l })).join('\n'),
    lines.join('\r\n'),
    text.replace(/\t/g, '        '),
  ];
  for (const v of variants) {
    const c = (await run(`I1128 10:00:00.000 1 controller.go:42] starting\n${v}`)).crashes[0];
    assert.equal(c?.kind, 'concurrent map read and map write');
    assert.equal(at(c?.culprit?.access), 'main.(*cache).get:10');
    assert.equal(at(c?.otherParty?.access), 'main.(*cache).put:12');
  }
});

test('a restart history: every crash in one log, with log lines around them', async () => {
  const r = await run(['log line', dump('writes-local-all.txt'), 'I1128 restarted', dump('panic-local-all.txt'), 'more log'].join('\n'));
  assert.deepEqual(r.crashes.map((c) => c.kind), ['concurrent map writes', 'panic']);
});

test('hostile input never throws and never hangs', async () => {
  const inputs: string[] = [
    '',
    Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
    'x'.repeat(10 * 1024 * 1024),
    dump('writes-local-all.txt').slice(0, 300),
    (() => {
      const a = dump('writes-local-all.txt').split('\n');
      const b = dump('readwrite-local-all.txt').split('\n');
      return a.flatMap((l, i) => [l, b[i] ?? '']).join('\n');
    })(),
    '\n'.repeat(100_000),
    'fatal error: concurrent map writes\n' + 'goroutine 1 [running]:\n' + 'main.f(\n'.repeat(50_000),
    'WARNING: DATA RACE\n' + 'Write at 0x1 by goroutine 1:\n' + '  main.f()\n'.repeat(10_000),
  ];
  for (const text of inputs) {
    const r = await run(text);
    assert.ok(Array.isArray(r.crashes));
  }
  const interleaved = await run(inputs[4]!);
  assert.ok(interleaved.crashes.length >= 1);
});

test('line reader caps line length and keeps flat memory', async () => {
  const long = 'y'.repeat(1_000_000);
  const out: string[] = [];
  for await (const l of readLines(chunks(`${long}\nshort\n${long}`, 65536), 1000)) out.push(l);
  assert.deepEqual(out.map((l) => l.length), [1000, 5, 1000]);
});

test('property: the reader never throws on arbitrary text', async () => {
  const line = fc.oneof(
    fc.string(),
    fc.constantFrom('fatal error: concurrent map writes', 'goroutine 1 [running]:', 'main.f(0x1, ...)', '\t/x/y.go:12 +0x1', 'created by main.main in goroutine 1', '...additional frames elided...', 'WARNING: DATA RACE', 'Write at 0x00c000 by goroutine 7:', '==================', 'panic: boom [recovered]', ''),
  );
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 60 }), async (ls) => {
    const r = await run(ls.join('\n'));
    for (const c of r.crashes) assert.ok(c.goroutineCount >= 0);
  }), { numRuns: 300 });
});

const cli = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, 'triage', ...args], { cwd: REPO, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('CLI: answer first, exit 1 on a crash, 0 on a clean log, 2 on usage errors', () => {
  const r = cli(['--source', 'test/triage/programs', 'test/triage/dumps/writes-local-system.txt']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^fatal error: concurrent map writes/);
  assert.match(r.stdout, /culprit: goroutine \d+ \[running\] wrote the map 0x[0-9a-f]+\n\s+at main\.register\s+writes\/main\.go:9/);
  assert.match(r.stdout, /other party \(same map pointer\)/);
  assert.match(r.stdout, /maprace check: MR1003 global-map-write at writes\/main\.go:9/);
  assert.equal(cli([], 'just a log line\n').status, 0);
  assert.equal(cli(['no/such/file']).status, 2);
  assert.equal(cli(['--format', 'xml', '-']).status, 2);
});

test('CLI: --all lists the goroutine groups', () => {
  const r = cli(['--all', '-'], dump('storm-local-all.txt.gz'));
  assert.match(r.stdout, /\s9999 x \[chan receive\] goroutines/);
});

test('CLI: JSON validates against its schema; SARIF against the official schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-triage.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const sarifSchema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'third_party', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validateSarif = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);
  const files = fs.readdirSync(DUMPS).filter((f) => f.endsWith('.txt')).map((f) => `test/triage/dumps/${f}`);
  const json = JSON.parse(cli(['--format', 'json', '--source', 'test/triage/programs', ...files]).stdout) as { crashes: { findings: unknown[] }[] };
  assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.ok(json.crashes.length >= 10);
  assert.ok(json.crashes.some((c) => c.findings.length > 0));
  const sarif = JSON.parse(cli(['--format', 'sarif', '--source', 'test/triage/programs', ...files]).stdout) as object;
  assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
});
