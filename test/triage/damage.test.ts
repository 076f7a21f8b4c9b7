// Every damage of issue 13 (test/triage/damage.ts) applied to the real dumps that Go programs made
// (test/triage/dumps/): triage still names the culprit function and the kind of the clean dump, each damage
// alone and any mix of them (property test), in any chunking of the bytes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalizeFunctionName } from '../../src/go/funcnames.js';
import { SourceCache } from '../../src/report/source.js';
import { type FunctionNamer, Triage, enclosing } from '../../src/triage/analyze.js';
import { DumpReader } from '../../src/triage/reader.js';
import { SourceMap, functionNamer } from '../../src/triage/source.js';
import { REPO } from '../paths.js';
import { DAMAGES, type Stage, damage } from './damage.js';

const DUMPS = path.join(REPO, 'test', 'triage', 'dumps');
// Every dump but the 10,000-goroutine storm (the fast path tests read it).
const NAMES = fs.readdirSync(DUMPS).filter((n) => !n.endsWith('.gz'));
const TEXT = new Map(NAMES.map((n) => [n, fs.readFileSync(path.join(DUMPS, n), 'utf8')]));

/** --source test/triage/programs, the tree the dumps were made from. */
const PROGRAMS = await SourceMap.open(path.join(REPO, 'test', 'triage', 'programs'));
const FROM_SOURCE = await functionNamer(PROGRAMS, new SourceCache(PROGRAMS.root));

/** The answer that matters: the first crash's kind and culprit function, or the first race's. */
function answer(buf: Buffer, chunk = buf.length, names?: FunctionNamer): string {
  const t = new Triage(names);
  const reader = new DumpReader(t);
  for (let i = 0; i < buf.length; i += chunk) reader.write(buf.subarray(i, i + chunk));
  reader.end();
  const c = t.result.crashes[0];
  if (c) return `${c.kind} / ${c.culprit?.access?.func}`;
  const r = t.result.races[0];
  return r ? `data race / ${r.accesses[0]?.access?.func}` : 'nothing';
}
const CLEAN = new Map(NAMES.map((n) => [n, answer(Buffer.from(TEXT.get(n)!))]));
const applies = (d: string, name: string) => !DAMAGES[d]!.only || DAMAGES[d]!.only!.test(name);
/** What a name from source can say: the declared function that encloses a closure, without type arguments. */
const declared = (a: string) => a.replace(/ \/ (.*)$/, (_, f: string) => ` / ${normalizeFunctionName(enclosing(f))}`);

test('the clean dumps have a culprit', () => {
  for (const [name, a] of CLEAN) assert.doesNotMatch(a, /nothing|undefined/, name);
});

for (const d of Object.keys(DAMAGES)) {
  test(`damage ${d}: same culprit and kind as the clean dump`, () => {
    let used = 0;
    for (const name of NAMES) {
      if (!applies(d, name)) continue;
      const buf = damage(TEXT.get(name)!, [d]);
      if (buf.equals(Buffer.from(TEXT.get(name)!))) continue; // nothing for it to damage (no fatal line, no long line)
      if (DAMAGES[d]!.source) assert.equal(answer(buf, buf.length, FROM_SOURCE), declared(CLEAN.get(name)!), `${d} on ${name} with --source`);
      else assert.equal(answer(buf), CLEAN.get(name), `${d} on ${name}`);
      used++;
    }
    assert.ok(used >= 3, `${d} changed ${used} dumps`);
  });
}

test('damage: a lost header on a dump whose frames do not tell the kind still gives the culprit', () => {
  // Go 1.24+ with GOTRACEBACK=all prints only internal/runtime/maps.fatal above the user's frame.
  const text = TEXT.get('writes-local-all.txt')!;
  assert.equal(answer(damage(text, ['starts-mid-dump'])), 'fatal error / main.register');
  assert.equal(answer(damage(text, ['no-fatal-line'])), 'fatal error / main.register');
});

// Damages that need a source tree are tested with one above and below, not in the property test.
const byStage = (stage: Stage) => Object.keys(DAMAGES).filter((d) => DAMAGES[d]!.stage === stage && !DAMAGES[d]!.source);
// JSON records are not shown wrapped; Terraform's 73-character prefix wrapped at 80 columns leaves no line whole.
const NOT_WRAPPED = ['docker-json-file', 'json-lines', 'journald-json', 'terraform'];
const EXCLUSIVE = ['tabs-as-4-spaces', 'tabs-as-8-spaces', 'indentation-stripped'];
const ADD_LINES = ['log-lines-inside', 'json-log-lines-inside', 'box-panel-inside', 'hard-wrap-80'];

test('property: any mix of damages gives the culprit and kind of the clean dump', () => {
  const mixArb = fc.record({
    name: fc.constantFrom(...NAMES),
    output: fc.subarray(byStage('output')),
    collector: fc.option(fc.constantFrom(...byStage('collector')), { nil: undefined }),
    display: fc.subarray(byStage('display')),
    paste: fc.option(fc.constantFrom(...byStage('paste')), { nil: undefined }),
    encoding: fc.option(fc.constantFrom(...byStage('encoding')), { nil: undefined }),
    chunk: fc.integer({ min: 1, max: 5000 }),
  });
  fc.assert(fc.property(mixArb, (m) => {
    // A dump that starts after its first goroutine header has no header left to lose; one collector and one
    // paste at a time; some collectors' lines are not seen wrapped; one way of changing indentation.
    let output = m.output.includes('starts-mid-dump') && applies('starts-mid-dump', m.name) ? m.output.filter((d) => d !== 'no-goroutine-header') : m.output;
    let display = m.display;
    // A dump turned upside down is put back within 256 lines: not with the damages that add lines to a long one.
    if (m.collector === 'newest-first') {
      output = output.filter((d) => !ADD_LINES.includes(d));
      display = display.filter((d) => !ADD_LINES.includes(d));
    }
    if (m.collector && NOT_WRAPPED.includes(m.collector)) display = display.filter((d) => d !== 'hard-wrap-80');
    const tabs = display.filter((d) => EXCLUSIVE.includes(d));
    display = display.filter((d) => !EXCLUSIVE.includes(d) || d === tabs[0]);
    const names = [...output, m.collector, ...display, m.paste, m.encoding].filter((d): d is string => !!d && applies(d, m.name));
    assert.equal(answer(damage(TEXT.get(m.name)!, names), m.chunk), CLEAN.get(m.name), `${m.name} with ${names.join(', ')}`);
  }), {
    numRuns: 300,
    // Found by this property: a klog line cut by a hard wrap ("I0323 16:08:06.471234 1 controller.go:4") was taken
    // for a frame whose call line was lost, and became the culprit.
    examples: [[{ name: 'clone-go1.21.13-all.txt', output: ['log-lines-inside'], collector: 'kibana-export', display: ['tabs-as-8-spaces', 'hard-wrap-80'], paste: undefined, encoding: undefined, chunk: 1 } as unknown as (typeof mixArb extends fc.Arbitrary<infer T> ? T : never)]],
  });
});

test('hostile: long timestamped lines in reverse order and long runs of continuations stay bounded', () => {
  const long = 'x'.repeat(60_000);
  const text = Array.from({ length: 400 }, (_, i) => `2025-03-23T16:08:${String(59 - (i % 60)).padStart(2, '0')}.${i}Z ${long}\n${long}\n`).join('');
  const t = new Triage();
  const reader = new DumpReader(t);
  const before = process.memoryUsage().heapUsed;
  reader.write(Buffer.from(text));
  assert.ok(process.memoryUsage().heapUsed - before < 200 * 1024 * 1024);
  reader.end();
  assert.equal(reader.lines, 800);
});


test('a culprit whose file line was lost is shown as such, not as a made-up location', async () => {
  const { renderText } = await import('../../src/triage/report/text.js');
  const t = new Triage();
  const reader = new DumpReader(t);
  reader.write(damage(TEXT.get('writes-go1.20.14-all.txt')!, ['call-without-file-line']));
  reader.end();
  const text = renderText({ ...t.result, lines: reader.lines, located: new Map(), findings: new Map() }, { color: false, all: false });
  assert.match(text, /at main\.register {2}\(file line lost\)/);
});
