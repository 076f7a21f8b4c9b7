// The witness of a race in every format, on real fixtures: MR1002's crosspkg (a goroutine started in package app
// writes a map of package store that app's own flow reads) and handlers (one HTTP handler that races with itself
// in another request). Each format must show both roots and both paths, in call order, and why nothing orders them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import type { AnalyzeResult } from '../src/analysis/api.js';
import { analyzeDirs } from '../src/analysis/driver.js';
import { ANALYZERS, CHECKS } from '../src/checks/registry.js';
import { loadFiles } from '../src/go/load.js';
import type { Diagnostic, WitnessRoot, WitnessSide } from '../src/model.js';
import { findingHtml } from '../src/report/html.js';
import { findReporter } from '../src/report/index.js';
import type { ReportContext } from '../src/report/reporter.js';
import { accessText, lockState, rootRef, rootText } from '../src/witness.js';
import { REPO, tempTree } from './paths.js';

const AjvDraft04 = AjvDraft04Module.default;
const ROOT = path.join(REPO, 'src', 'checks', 'MR1002-unlocked-field-map', 'testdata');
const ctx = (color = false): ReportContext => ({ root: ROOT, color, version: '0.1.0', checks: CHECKS });

let result: AnalyzeResult;
before(async () => {
  const loaded = await loadFiles(['./crosspkg/...', './handlers/...'], { cwd: ROOT });
  result = await analyzeDirs({ root: ROOT, modules: loaded.modules, files: loaded.files, dependencyTypes: true }, ANALYZERS, new Set(CHECKS.map((c) => c.code)));
  assert.deepEqual(result.errors, []);
});

const at = (where: string): Diagnostic => {
  const d = result.diagnostics.find((x) => `${x.range.file}:${x.range.start.line}` === where);
  assert.ok(d, `no finding at ${where}`);
  return d;
};
const only = (where: string): AnalyzeResult => ({ ...result, diagnostics: [at(where)] });
const render = (format: string, where: string, color = false) => findReporter(format)!.render(only(where), ctx(color));

/** Asserts that every string occurs in `text`, each after the one before. */
function inOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const p of parts) {
    const i = text.indexOf(p, from);
    assert.ok(i >= 0, `${JSON.stringify(p)} not found after offset ${from} in:\n${text}`);
    from = i + p.length;
  }
}

// The goroutine `go func() { s.Put("a", 1) }()` of app.Direct writes s.items; Direct itself reads it through Get.
const CROSS = 'crosspkg/store/store.go:20';
// `mux.HandleFunc("/", a.count)`: two requests of the handler write a.hits.
const HANDLER = 'handlers/handlers.go:27';

test('the model: two sides from their roots through their calls to their accesses, the locks, and why they overlap', () => {
  const w = at(CROSS).witness!;
  const [x, y] = w.sides;
  assert.equal(w.sameRoot, false);
  assert.deepEqual([x.root.kind, x.root.start?.kind, `${x.root.start?.range.file}:${x.root.start?.range.start.line}`, x.root.multi], ['goroutine', 'spawn', 'crosspkg/app/app.go:13', false]);
  assert.deepEqual(x.path.map((s) => `${s.range.file}:${s.range.start.line} ${s.message}`), ['crosspkg/app/app.go:14 calls store.(*Store).Put']);
  // The map is a field of Put's receiver: which objects Put runs on is the program's to say (callgraph/objects.ts).
  assert.deepEqual(x.access, { range: at(CROSS).range, kind: 'write', map: 's.items', receiver: { func: 'example.com/mr1002/crosspkg/store.Store.Put', field: 'items' } });
  assert.deepEqual([y.root.kind, y.root.function, y.root.start?.kind], ['flow', 'Direct', 'declaration']);
  assert.deepEqual(y.path.map((s) => `${s.range.file}:${s.range.start.line} ${s.message}`), ['crosspkg/app/app.go:16 calls store.(*Store).Get']);
  assert.deepEqual([y.access.kind, `${y.access.range.file}:${y.access.range.start.line}`, y.locks], ['read', 'crosspkg/store/store.go:25', []]);
  assert.equal(w.reason, 'the goroutine started at crosspkg/app/app.go:13 is not joined before the read at crosspkg/store/store.go:25');
  // related is generated from the witness: the other access first (the message links it), then roots, then calls.
  assert.deepEqual(at(CROSS).related.slice(0, 5).map((r) => `${r.kind} ${r.range.file}:${r.range.start.line} ${r.message}`), [
    'access crosspkg/store/store.go:25 read of map s.items (no lock held)',
    'goroutine crosspkg/app/app.go:13 goroutine started here',
    'goroutine crosspkg/app/app.go:12 function Direct',
    'call crosspkg/app/app.go:14 calls store.(*Store).Put',
    'call crosspkg/app/app.go:16 calls store.(*Store).Get',
  ]);

  const h = at(HANDLER).witness!;
  assert.equal(h.sameRoot, true);
  assert.deepEqual([h.sides[0].root.kind, h.sides[0].root.start?.kind, h.sides[0].root.multi, h.sides[0].root.instances], ['handler', 'registration', true, 'in another request']);
  assert.equal(h.reason, 'two requests of the HTTP handler registered at handlers/handlers.go:33 run at once');
});

test('text: a two-branch tree under the finding, in call order, within 100 columns, colored only on request', () => {
  const text = render('text', CROSS);
  inOrder(text, [
    'crosspkg/store/store.go:20:2: error: write of map s.items races with read at crosspkg/store/store.go:25',
    '  ├─ goroutine started at crosspkg/app/app.go:13\n',
    '  │    crosspkg/app/app.go:14:3: calls store.(*Store).Put\n',
    '  │    crosspkg/store/store.go:20:2: write of map s.items (no lock held) (this access)\n',
    '  └─ function Direct, declared at crosspkg/app/app.go:12\n',
    '       crosspkg/app/app.go:16:9: calls store.(*Store).Get\n',
    '       crosspkg/store/store.go:25:9: read of map s.items (no lock held)\n',
    '         25 |     return s.items[k]\n',
    '  why: the goroutine started at crosspkg/app/app.go:13 is not joined before the read at\n',
    '       crosspkg/store/store.go:25\n',
    '  fix: guard s.items',
  ]);
  const tree = text.split('\n').filter((l) => /^ {2}([├│└]|why:| {5})/.test(l) && !/ \d+ \| /.test(l));
  assert.ok(tree.length >= 8);
  for (const l of tree) assert.ok(l.length <= 100, `${l.length} columns: ${l}`);
  assert.doesNotMatch(text, /\x1b/);
  assert.match(render('text', CROSS, true), /\x1b\[1mgoroutine started at crosspkg\/app\/app\.go:13\x1b\[22m/);
  // Names from the analysed code never reach the terminal as escape sequences.
  const hostile = structuredClone(at(CROSS));
  hostile.witness!.sides[1].root.label = 'run\x1b]0;pwned\x07';
  hostile.witness!.sides[0].path[0]!.message = 'calls \x1b[2J';
  hostile.witness!.reason = 'because \x1b[31m';
  assert.doesNotMatch(findReporter('text')!.render({ ...result, diagnostics: [hostile] }, ctx()), /[\x07\x1b]/);
  // A handler racing with itself: one branch, then the other instance.
  inOrder(render('text', HANDLER), [
    '  ├─ HTTP handler registered at handlers/handlers.go:33\n',
    '  │    handlers/handlers.go:33:2: calls (*API).count\n',
    '  │    handlers/handlers.go:27:2: write of map a.hits (no lock held) (this access)\n',
    '  └─ the same path again, in another instance running at the same time\n',
    '  why: two requests of the HTTP handler registered at handlers/handlers.go:33 run at once\n',
  ]);
});

test('line: still one line per finding, naming both roots', () => {
  const out = findReporter('line')!.render(result, ctx());
  assert.equal(out.split('\n').length - 1, result.diagnostics.length);
  assert.match(render('line', CROSS), /^crosspkg\/store\/store\.go:20:2: write of map s\.items races with read at crosspkg\/store\/store\.go:25 \(no lock held\); between the goroutine started at crosspkg\/app\/app\.go:13 and the function Direct, declared at crosspkg\/app\/app\.go:12 \(MR1002\)\n$/);
  assert.match(render('line', HANDLER), /; between two instances of the HTTP handler registered at handlers\/handlers\.go:33 \(MR1002\)\n$/);
});

test('json: the witness validates against the schema, sides in order', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-check.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  type Side = { root: { kind: string; start: { location: { line: number } } }; path: { location: { line: number } }[]; access: { kind: string } };
  const doc = JSON.parse(findReporter('json')!.render(result, ctx())) as { findings: { location: { file: string; line: number }; witness: { sides: Side[]; reason: string } }[] };
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  const f = doc.findings.find((x) => `${x.location.file}:${x.location.line}` === CROSS)!;
  assert.deepEqual(f.witness.sides.map((s) => [s.root.kind, s.root.start.location.line, ...s.path.map((p) => p.location.line), s.access.kind]), [['goroutine', 13, 14, 'write'], ['flow', 12, 16, 'read']]);
  assert.match(f.witness.reason, /not joined before the read/);
  // The schema holds the witness to its shape: a third side or an unknown root kind is rejected.
  f.witness.sides.push(f.witness.sides[0]!);
  assert.equal(validate(doc), false);
  f.witness.sides.pop();
  f.witness.sides[0]!.root.kind = 'thread';
  assert.equal(validate(doc), false);
});

type Loc = { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message?: { text: string } };
interface SarifLog {
  runs: { results: { message: { text: string }; relatedLocations: (Loc & { id: number })[]; codeFlows: { message: { text: string }; threadFlows: { message: { text: string }; locations: { location: Loc }[] }[] }[] }[] }[];
}

test('sarif: one threadFlow per side from the root to the access, valid against the 2.1.0 schema, links resolve', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'third_party', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  const log = JSON.parse(findReporter('sarif')!.render(result, ctx())) as SarifLog;
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const flows = (where: string) => {
    const res = (JSON.parse(render('sarif', where)) as SarifLog).runs[0]!.results[0]!;
    for (const [, id] of res.message.text.matchAll(/\]\((\d+)\)/g)) assert.ok(res.relatedLocations.some((l) => l.id === Number(id)), `link ${id} resolves`);
    const flow = res.codeFlows[0]!;
    return [flow.message.text, ...flow.threadFlows.map((t) => [t.message.text, ...t.locations.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine} ${l.location.message!.text}`)])];
  };
  assert.deepEqual(flows(CROSS), [
    'the goroutine started at crosspkg/app/app.go:13 is not joined before the read at crosspkg/store/store.go:25',
    ['goroutine started at crosspkg/app/app.go:13', 'crosspkg/app/app.go:13 goroutine started here', 'crosspkg/app/app.go:14 calls store.(*Store).Put', 'crosspkg/store/store.go:20 write of map s.items (no lock held)'],
    ['function Direct, declared at crosspkg/app/app.go:12', 'crosspkg/app/app.go:12 function Direct', 'crosspkg/app/app.go:16 calls store.(*Store).Get', 'crosspkg/store/store.go:25 read of map s.items (no lock held)'],
  ]);
  const self = flows(HANDLER);
  assert.equal(self[0], 'two requests of the HTTP handler registered at handlers/handlers.go:33 run at once');
  assert.deepEqual((self[2] as string[]).slice(1), (self[1] as string[]).slice(1), 'the same path twice');
  assert.equal((self[2] as string[])[0], 'another instance of the HTTP handler registered at handlers/handlers.go:33');
});

test('html: both sides with their roots and paths in order; hostile names are escaped', () => {
  const html = render('html', CROSS);
  const text = html.replace(/<[^>]+>/g, '');
  inOrder(text, [
    'this access', 'goroutine started at crosspkg/app/app.go:13', 'crosspkg/app/app.go:14:3 calls store.(*Store).Put', 'crosspkg/store/store.go:20:2 write of map s.items (no lock held)',
    'other access', 'function Direct, declared at crosspkg/app/app.go:12', 'crosspkg/app/app.go:16:9 calls store.(*Store).Get', 'crosspkg/store/store.go:25:9 read of map s.items (no lock held)',
    'why nothing orders them: the goroutine started at crosspkg/app/app.go:13 is not joined before the read',
  ]);
  const evil = '<script>alert(1)</script>';
  const d = structuredClone(at(CROSS));
  const [x, y] = d.witness!.sides;
  x.root.label = `goroutine ${evil} here`;
  x.path[0]!.message = `calls ${evil}`;
  y.access.map = `m["${evil}"]`;
  y.locks.push({ name: `mu${evil}`, mode: 'read' });
  d.witness!.reason = `because ${evil}`;
  const out = findingHtml(d, undefined, 'f1');
  assert.ok(!out.includes(evil), out);
  for (const s of ['goroutine &lt;script&gt;alert(1)&lt;/script&gt; at', 'calls &lt;script&gt;', 'm[&quot;&lt;script&gt;', 'holds mu&lt;script&gt;alert(1)&lt;/script&gt; for reading', 'because &lt;script&gt;']) assert.ok(out.includes(s), s);
});

test('code-climate: the description names the other access and both roots; the body holds the tree', () => {
  const [issue] = JSON.parse(render('code-climate', CROSS)) as { description: string; content: { body: string } }[];
  assert.match(issue!.description, /races with read at crosspkg\/store\/store\.go:25 \(no lock held\); between the goroutine started at crosspkg\/app\/app\.go:13 and the function Direct, declared at crosspkg\/app\/app\.go:12; fix: /);
  inOrder(issue!.content.body, ['```\n├─ goroutine started at crosspkg/app/app.go:13', 'calls store.(*Store).Put', '└─ function Direct', 'calls store.(*Store).Get', 'why: ']);
});

test('checkstyle: the message names both roots', () => {
  assert.match(render('checkstyle', CROSS), /message="write of map s\.items races with read at crosspkg\/store\/store\.go:25 \(no lock held\); between the goroutine started at crosspkg\/app\/app\.go:13 and the function Direct, declared at crosspkg\/app\/app\.go:12; fix: /);
});

test('github: the annotation carries the witness', () => {
  const out = render('github', CROSS);
  inOrder(out, ['::error file=crosspkg/store/store.go,line=20', '├─ goroutine started at crosspkg/app/app.go:13', '%0A', '└─ function Direct', 'why: the goroutine started at']);
});

test('a goroutine started in a callee: the calls that reach its go statement come before its start, in every format', async () => {
  const src = `package main

type S struct{ m map[string]int }

func (s *S) put(k string) { s.m[k] = 1 }

func (s *S) start() {
	go func() {
		s.put("a")
	}()
}

func (s *S) get(k string) int { return s.m[k] }

func run(s *S) int {
	s.start()
	return s.get("x")
}

func main() { _ = run(&S{m: map[string]int{}}) }
`;
  const root = tempTree('witness', { 'go.mod': 'module example.com/w\n\ngo 1.22\n', 'main.go': src });
  const loaded = await loadFiles(['./...'], { cwd: root });
  const res = await analyzeDirs({ root, modules: loaded.modules, files: loaded.files, dependencyTypes: false }, ANALYZERS, new Set(CHECKS.map((c) => c.code)));
  assert.equal(res.diagnostics.length, 1);
  const side = res.diagnostics[0]!.witness!.sides[0];
  assert.deepEqual([side.root.start?.range.start.line, side.path.map((s) => s.range.start.line), side.startsAfter], [8, [16, 9], 1]);
  const c = { root, color: false, version: '0', checks: CHECKS };
  inOrder(findReporter('text')!.render(res, c), ['├─ goroutine started at main.go:8\n', '│    main.go:16:2: calls (*S).start\n', '│    main.go:8:2: goroutine started here\n', '│    main.go:9:3: calls (*S).put\n', '│    main.go:5:29: write of map s.m']);
  const log = JSON.parse(findReporter('sarif')!.render(res, c)) as SarifLog;
  assert.deepEqual(log.runs[0]!.results[0]!.codeFlows[0]!.threadFlows[0]!.locations.map((l) => l.location.physicalLocation.region.startLine), [16, 8, 9, 5]);
  inOrder(findReporter('html')!.render(res, c).replace(/<[^>]+>/g, ''), ['main.go:16:2 calls (*S).start', 'main.go:8:2 goroutine started here', 'main.go:9:3 calls (*S).put', 'main.go:5:29 write of map s.m']);
  fs.rmSync(root, { recursive: true, force: true });
});

test('words: roots name where they start, locks their mode, the lock state compares the two sides', () => {
  const range = { file: 'a/b.go', start: { line: 7, column: 2 }, end: { line: 7, column: 9 } };
  const root = (label: string, kind: WitnessRoot['kind'], start?: 'spawn' | 'registration' | 'declaration', fn?: string): WitnessRoot =>
    ({ kind, label, multi: false, ...(fn ? { function: fn } : {}), ...(start ? { start: { kind: start, range } } : {}) });
  assert.equal(rootText(root('goroutine started here', 'goroutine', 'spawn')), 'goroutine started at a/b.go:7');
  assert.equal(rootText(root('informer event handler registered here (AddFunc)', 'goroutine', 'registration')), 'informer event handler registered at a/b.go:7 (AddFunc)');
  assert.equal(rootText(root('goroutine started by g.Go', 'goroutine', 'spawn')), 'goroutine started by g.Go at a/b.go:7');
  assert.equal(rootText(root('Direct', 'flow', 'declaration', 'Direct')), 'function Direct, declared at a/b.go:7');
  assert.equal(rootRef(root('Direct', 'flow', 'declaration', 'Direct')), 'function Direct');
  assert.equal(rootRef(root('handler (*S).ServeHTTP', 'handler', 'declaration', '(*S).ServeHTTP')), 'handler (*S).ServeHTTP');
  assert.equal(rootRef(root('goroutine started here', 'goroutine', 'spawn')), 'the goroutine started at a/b.go:7');
  const side = (kind: WitnessSide['access']['kind'], locks: WitnessSide['locks']): WitnessSide => ({ root: root('x', 'goroutine'), path: [], startsAfter: 0, access: { range, kind, map: 's.m' }, locks });
  const w = (x: WitnessSide, y: WitnessSide) => ({ sides: [x, y] as [WitnessSide, WitnessSide], sameRoot: false, reason: '' });
  assert.equal(accessText(side('read', [{ name: 's.mu', mode: 'read' }])), 'read of map s.m (holds s.mu for reading)');
  assert.equal(lockState(w(side('write', [{ name: 's.mu', mode: 'read' }]), side('read', []))), 'holds only the read lock s.mu (RLock)');
  assert.equal(lockState(w(side('write', []), side('read', [{ name: 's.mu', mode: 'read' }]))), 's.mu not held here');
  assert.equal(lockState(w(side('write', [{ name: 's.a', mode: 'write' }]), side('read', [{ name: 's.b', mode: 'write' }]))), 'holds s.a but the other access holds s.b');
  assert.equal(lockState(w(side('write', [{ name: 'mu', mode: 'write' }]), side('write', [{ name: 'mu', mode: 'write' }]))), 'each holds its own mu: two locks of that name, not one');
});
