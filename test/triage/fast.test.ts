// The fast path (reader.ts: repeated goroutines counted from a byte key, lines decoded one at a time) must give
// exactly what reading every line gives: on every committed dump, on the same dumps behind log wrappers (which
// go line by line), and on generated dumps full of near-repeats.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { type TriageResult, Triage } from '../../src/triage/analyze.js';
import { LineReader } from '../../src/triage/lines.js';
import { DumpReader } from '../../src/triage/reader.js';
import { REPO } from '../paths.js';
import { DAMAGES } from './damage.js';

const DUMPS = path.join(REPO, 'test', 'triage', 'dumps');
const names = fs.readdirSync(DUMPS);
const bytes = (name: string) => {
  const buf = fs.readFileSync(path.join(DUMPS, name));
  return name.endsWith('.gz') ? zlib.gunzipSync(buf) : buf;
};

/** Triage of `buf` fed in chunks of `size` bytes (a chunk's memory is reused, as the CLI does), and the fast-path count. */
function run(buf: Buffer, fast: boolean, size = buf.length): TriageResult & { lines: number; repeats: number } {
  const t = new Triage();
  const reader = new DumpReader(t, fast);
  const scratch = Buffer.alloc(Math.max(size, 1));
  for (let i = 0; i < buf.length; i += size) {
    const n = buf.copy(scratch, 0, i, i + size);
    reader.write(scratch.subarray(0, n));
    scratch.fill(0x2a);
  }
  reader.end();
  return { ...t.result, lines: reader.lines, repeats: reader.repeats };
}
const result = ({ repeats: _, ...r }: ReturnType<typeof run>) => r;

test('fast path: every committed dump gives what reading every line gives, in any chunking', () => {
  for (const name of names) {
    const buf = bytes(name);
    const slow = result(run(buf, false));
    for (const size of buf.length > 100_000 ? [4093, 65_536, buf.length] : [1, 7, 4096, buf.length]) {
      assert.deepEqual(result(run(buf, true, size)), slow, `${name} in chunks of ${size}`);
    }
  }
  // It is used: the storm's 9,999 idle goroutines are one key.
  assert.ok(run(bytes('storm-local-all.txt.gz'), true).repeats >= 9_990);
});

test('fast path: the same dumps behind CRI prefixes, JSON lines and CRLF (read line by line) give the same results', () => {
  for (const name of names) {
    const buf = bytes(name);
    const want = result(run(buf, true));
    const lines = buf.toString('utf8').replace(/\n$/, '').split('\n');
    const wrapped = [
      lines.map((l) => `2024-11-28T10:00:00.123456789Z stderr F ${l}`),
      lines.map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr' })),
      lines.map((l) => `${l}\r`),
    ];
    for (const w of wrapped) {
      const got = run(Buffer.from(`${w.join('\n')}\n`), true, 65_536);
      assert.equal(got.repeats, 0, name);
      assert.deepEqual(result(got), want, `${name}: ${w[0]?.slice(0, 40)}`);
    }
  }
});

// Damages that keep one line per line (prefixes, records, colours, indentation, quotes): the whole result is the
// clean dump's, its line numbers included.
const PER_LINE = Object.keys(DAMAGES).filter((d) => ['collector', 'display', 'paste'].includes(DAMAGES[d]!.stage) && !['hard-wrap-80', 'code-fence', 'fence-glued', 'details', 'bold-header', 'reordered-by-collector', 'newest-first'].includes(d));

test('fast path: the same dumps behind every per-line log decoration (read line by line) give the same results', () => {
  assert.ok(PER_LINE.length >= 25);
  for (const name of names) {
    const buf = bytes(name);
    const want = result(run(buf, true));
    for (const d of PER_LINE) {
      const got = run(Buffer.from(DAMAGES[d]!.apply(buf.toString('utf8'))), true, 65_536);
      assert.deepEqual(result(got), want, `${name} with ${d}`);
    }
  }
});

// Generated dumps: a few stack templates, each written many times with what the key masks varied (goroutine
// numbers, arguments, wait minutes, frame pointers, creator numbers) and, now and then, a change it does not mask.
// Look-alike names (same length, same middle and last bytes) give keys whose hashes collide; they are drawn often.
const FUNCS = ['main.(*cache).get', 'main.(*cache).put', 'main.worker', 'runtime.mapassign_fast64', 'internal/runtime/maps.(*Map).putSlot', 'runtime.gopark', 'runtime.selectgo', 'sync.(*Mutex).lock', 'sync.runtime_Semacquire', 'main.Ωlogin', 'main.run.func1', 'net.(*conn).Read', 'net/http.(*conn).serve', 'io.ReadFull'];
const FILES = ['/app/main.go', '/usr/local/go/src/runtime/map.go', '/usr/local/go/src/net/net.go', '/go/src/x y/z.go', '/app/ü.go'];
const STATES = ['running', 'runnable', 'chan receive', 'select', 'semacquire', 'IO wait', 'sync.Cond.Wait', 'sunc.Cond.Wait', ''];
const oftenOneOf = (alike: string[], others: string[]) => fc.oneof(fc.constantFrom(...alike), fc.constantFrom(...others));
const frameArb = fc.record({
  func: oftenOneOf(['appa/q.(*cache).get', 'appb/q.(*cache).get'], FUNCS),
  file: oftenOneOf(['/srca/app/main.go', '/srcb/app/main.go'], FILES),
  line: fc.integer({ min: 1, max: 40 }),
  off: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
});
const templateArb = fc.record({ state: fc.constantFrom(...STATES), frames: fc.array(frameArb, { minLength: 0, maxLength: 5 }), created: fc.option(frameArb, { nil: undefined }), system: fc.boolean() });
type Template = Of<typeof templateArb>;
/** A template changed in one place the key must see, often to a look-alike whose hash is the same. */
const twistArb = fc.record({ at: fc.nat(), what: fc.constantFrom('func', 'file', 'line', 'offset', 'state', 'created', 'drop', 'system') });
const LOOKALIKE: Record<string, string> = { appa: 'appb', appb: 'appa', srca: 'srcb', srcb: 'srca', sync: 'sunc', sunc: 'sync', get: 'put', put: 'get' };
const ALIKE = /appa|appb|srca|srcb|sync|sunc|get|put/;
const lookalike = (s: string) => (ALIKE.test(s) ? s.replace(ALIKE, (m) => LOOKALIKE[m]!) : `${s}x`);
function twist(t: Template, tw: Of<typeof twistArb>): Template {
  const frames = t.frames.map((f) => ({ ...f }));
  const f = frames[tw.at % Math.max(frames.length, 1)];
  switch (tw.what) {
    case 'state':
      return { ...t, state: lookalike(t.state) };
    case 'created':
      return { ...t, created: t.created ? { ...t.created, func: lookalike(t.created.func) } : frames[0] };
    case 'drop':
      return { ...t, frames: frames.slice(0, -1) };
    case 'system':
      return { ...t, system: !t.system };
    default:
      if (!f) return { ...t, frames: [{ func: 'main.f', file: '/app/main.go', line: 1, off: 1 }] };
      if (tw.what === 'func') f.func = lookalike(f.func);
      else if (tw.what === 'file') f.file = lookalike(f.file);
      else if (tw.what === 'line') f.line += 10;
      else f.off = f.off ? undefined : 0x2a;
      return { ...t, frames };
  }
}
const hex = fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0x${n.toString(16)}`);
const instanceArb = fc.record({
  template: fc.nat(),
  id: fc.integer({ min: 1, max: 10_000_000 }),
  args: fc.array(fc.oneof({ arbitrary: hex, weight: 20 }, fc.constantFrom('...', '{0x1, 0x2}', '0x1?', 'x)y', 'é\u00ff')), { minLength: 5, maxLength: 5 }),
  minutes: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
  locked: fc.boolean(),
  creator: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  pointers: fc.array(hex, { minLength: 3, maxLength: 3 }),
  noise: fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, fc.constantFrom('...additional frames elided...', 'trailing ', 'crlf', 'spaces', 'log line', 'goroutine running on other thread; stack unavailable', '0digit(0x1)', 'esc in call', 'args like a file', 'cut call')),
});

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

function render(t: Template, g: Of<typeof instanceArb>): string {
  const flags = [t.state, ...(g.minutes ? [`${g.minutes} minutes`] : []), ...(g.locked ? ['locked to thread'] : [])].join(', ');
  const lines = [`goroutine ${g.id}${t.system ? ` gp=${g.pointers[0]} m=nil` : ''} [${flags}]:`];
  t.frames.forEach((f, i) => {
    lines.push(`${f.func}(${g.args[i % g.args.length]})`);
    const pointers = t.system && f.off ? ` fp=${g.pointers[0]} sp=${g.pointers[1]} pc=${g.pointers[2]}` : '';
    lines.push(`\t${f.file}:${f.line}${f.off ? ` +0x${f.off.toString(16)}` : ''}${pointers}`);
  });
  if (t.created) lines.push(`created by ${t.created.func}${g.creator ? ` in goroutine ${g.creator}` : ''}`, `\t${t.created.file}:${t.created.line} +0x1f`);
  // What the normaliser takes off or looks at: an escape sequence in a function name (kept in the fast path's
  // key), arguments that look like a file line or a compose prefix (masked by the key), a call cut by a wrap.
  if (g.noise === 'esc in call' && lines[1]) lines[1] = lines[1].replace('(', '\x1b[1m(');
  else if (g.noise === 'args like a file' && lines[1]) lines[1] = lines[1].replace(/\(.*\)$/, '(x.go:12 | 0x1)');
  else if (g.noise === 'cut call' && lines[1]) lines.splice(1, 1, lines[1].slice(0, 8), lines[1].slice(8));
  else if (g.noise === 'trailing ') lines[lines.length - 1] += ' ';
  else if (g.noise === 'crlf') return `${lines.join('\r\n')}\r\n`;
  else if (g.noise === 'spaces') return `${lines.join('\n').replace(/\t/g, '        ')}\n`;
  else if (g.noise) lines.splice(1 + (g.id % lines.length), 0, g.noise);
  return `${lines.join('\n')}\n`;
}

test('property: on generated dumps of near-repeated goroutines the fast path gives what reading every line gives', () => {
  const dumpArb = fc.record({
    header: fc.constantFrom('fatal error: concurrent map writes', 'fatal error: concurrent map read and map write', 'panic: boom', 'fatal error: all goroutines are asleep - deadlock!'),
    base: templateArb,
    twists: fc.array(twistArb, { minLength: 0, maxLength: 4 }),
    goroutines: fc.array(instanceArb, { minLength: 5, maxLength: 60, size: 'max' }),
    twice: fc.boolean(),
    size: fc.integer({ min: 1, max: 600 }),
  });
  let used = 0;
  fc.assert(fc.property(dumpArb, (d) => {
    const templates = [d.base, ...d.twists.map((tw) => twist(d.base, tw))];
    const crash = `${d.header}\n\n${d.goroutines.map((g) => render(templates[g.template % templates.length]!, g)).join('\n')}\nexit status 2\n`;
    const buf = Buffer.from(d.twice ? `log line\n${crash}restarted\n${crash}` : crash);
    const fast = run(buf, true, d.size);
    used += fast.repeats;
    assert.deepEqual(result(fast), result(run(buf, false)));
  }), { numRuns: 400 });
  assert.ok(used > 1000, `fast path used ${used} times`);
});

/** What a streaming TextDecoder makes of the bytes, cut into lines the way the line reader promises. */
function expectedLines(buf: Buffer, maxLine: number): string[] {
  // UTF-16 when the stream starts with its byte-order mark, or with two ASCII characters in UTF-16.
  const b = [...buf.subarray(0, 4)];
  const le = (b[0] === 0xff && b[1] === 0xfe) || (b.length === 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0);
  const be = (b[0] === 0xfe && b[1] === 0xff) || (b.length === 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0);
  const parts = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8').decode(buf).split('\n');
  const last = parts.pop()!;
  if (last !== '') parts.push(last);
  return parts.map((p) => p.slice(0, maxLine).replace(/\r$/, ''));
}

test('property: the line reader decodes like a streaming TextDecoder (invalid UTF-8 or UTF-16, BOMs, CR, cap), in any chunking', () => {
  const byteArb = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(10, 10, 13, 0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9));
  const start = fc.constantFrom<number[]>([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x66, 0, 0x61, 0], [0, 0x66, 0, 0x61]);
  fc.assert(fc.property(fc.array(byteArb, { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 12 }), start, (arr, size, maxLine, head) => {
    const buf = Buffer.from([...head, ...arr]);
    const got: string[] = [];
    const reader = new LineReader((s) => got.push(s), maxLine);
    for (let i = 0; i < buf.length; i += size) reader.write(Buffer.from(buf.subarray(i, i + size)));
    reader.end();
    assert.deepEqual(got, expectedLines(buf, maxLine));
  }), { numRuns: 1000 });
});
