// Concurrency needs a witness: races that rest on an assumed "callable from any goroutine" root are kept only when
// the whole program's call graph has two roots reaching the method (or one with many instances), and then name
// those roots and the calls from them; otherwise they are dropped (src/analysis/program-witness.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { analyze } from '../src/analysis/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { findReporter } from '../src/report/index.js';
import { buildCallGraph } from '../src/callgraph/build.js';
import { findRoots } from '../src/callgraph/roots.js';
import { applyProgramWitness } from '../src/analysis/program-witness.js';
import { loadFiles } from '../src/go/load.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';
import type { Diagnostic, Range, WitnessSide } from '../src/model.js';
import { where } from '../src/witness.js';
import { REPO, tempTree } from './paths.js';

const DIR = path.join(REPO, 'test', 'callgraph');
const { program } = await loadProgram({ ...(await loadFiles(['./...'], { cwd: DIR })), universe: new Universe() });
const graph = buildCallGraph(program);
const roots = findRoots(graph);

const at = (file: string, line: number): Range => ({ file, start: { line, column: 2 }, end: { line, column: 9 } });

function side(id: string, name: string, line: number, assumed: boolean): WitnessSide {
  return {
    root: { kind: 'api', label: `exported method ${name} (callable from any goroutine)`, function: name, multi: true, id, ...(assumed ? { assumed: true } : {}), start: { kind: 'declaration', range: at('store/store.go', line) } },
    path: [],
    startsAfter: 0,
    access: { range: at('store/store.go', line), kind: 'write', map: 'm.data' },
    locks: [],
  };
}

function race(id: string, name: string, assumed = true): Diagnostic {
  const s = side(id, name, 17, assumed);
  return {
    check: 'MR1002', name: 'unlocked-field-map', severity: 'error', message: `write of map m.data races with write in a concurrent call of ${name} (declared at store/store.go:17) (no lock held)`,
    range: s.access.range, related: [], fixes: [], fingerprint: { function: name, map: 'm.data', kinds: 'write+write' },
    witness: { sides: [s, { ...s }], sameRoot: true, reason: 'callable from any goroutine' },
  };
}

test('an assumed root reached by two roots of the program becomes those roots, with the calls from them', () => {
  const r = applyProgramWitness([race('example.com/cg/store.Memory.Put', '(*Memory).Put')], graph, roots);
  assert.equal(r.dropped, 0);
  assert.equal(r.witnessed, 1);
  const w = r.diagnostics[0]!.witness!;
  assert.deepEqual(w.sides.map((s) => s.root.label).sort(), ['goroutine started here (go kv.Put)', 'handler registered here (mux.HandleFunc)']);
  assert.ok(w.sides.every((s) => !s.root.assumed));
  const handler = w.sides.find((s) => s.root.kind === 'handler')!;
  assert.deepEqual(handler.path.map((p) => `${p.range.file}:${p.range.start.line} ${p.message}`), ['web/web.go:22 calls store.(*Memory).Put']);
  assert.equal(w.sameRoot, false);
  assert.match(w.reason, /run at the same time/);
  assert.ok(r.diagnostics[0]!.related.some((x) => x.kind === 'goroutine' && x.range.file === 'web/web.go'));
  assert.doesNotMatch(r.diagnostics[0]!.message, /concurrent call/);
  assert.match(r.diagnostics[0]!.message, /^write of map m\.data races with write in the (goroutine|handler) .* \(no lock held\)$/);
});

test('one root with many instances is a witness: both sides are two of its instances', () => {
  const r = applyProgramWitness([race('example.com/cg/store.Counts.Add', '(*Counts).Add')], graph, roots);
  const w = r.diagnostics[0]!.witness!;
  assert.ok(w.sameRoot && w.sides.every((s) => s.root.label === 'goroutine started here (go p.work, in a loop)' && s.root.multi));
  assert.match(w.reason, /^two instances of /);
  assert.equal(r.diagnostics[0]!.message, 'write of map m.data races with write in another instance of the goroutine started at ' + where(w.sides[0].root.start!.range) + ' (go p.work, in a loop) (no lock held)');
});

test('an assumed root no two roots reach is no witness: the race is dropped', () => {
  const r = applyProgramWitness([race('example.com/cg/app.setup', 'setup'), race('example.com/cg/store.Disk.Put', '(*Disk).Put')], graph, roots);
  assert.deepEqual([r.dropped, r.diagnostics.length], [2, 0]);
});

test('two roots of different programs (two mains of the module) are no witness: the race is dropped', () => {
  // Ledger.Record runs on a goroutine of the app and on the tool's main goroutine: never in one process.
  const r = applyProgramWitness([race('example.com/cg/store.Ledger.Record', '(*Ledger).Record')], graph, roots);
  assert.deepEqual([r.dropped, r.diagnostics.length], [1, 0]);
});

test('races with no assumed root pass unchanged', () => {
  const d = race('example.com/cg/app.setup', 'setup', false);
  const r = applyProgramWitness([d], graph, roots);
  assert.equal(r.diagnostics[0], d);
  assert.deepEqual([r.dropped, r.witnessed], [0, 0]);
});

/** A race of an assumed side (the reported one) with a goroutine the engine found, started at `line` of app/main.go. */
function againstGoroutine(id: string, name: string, line: number): Diagnostic {
  const d = race(id, name);
  const goroutine: WitnessSide = { ...side(id, name, 17, false), root: { kind: 'goroutine', label: 'goroutine started here', multi: false, start: { kind: 'spawn', range: at('app/main.go', line) } } };
  return { ...d, witness: { sides: [d.witness!.sides[0], goroutine], sameRoot: false, reason: 'not joined' } };
}

test('an assumed side against a goroutine stands when the program never calls the method (package API)', () => {
  const d = againstGoroutine('example.com/cg/store.Disk.Get', '(*Disk).Get', 22);
  const r = applyProgramWitness([d], graph, roots);
  assert.equal(r.diagnostics[0], d);
});

test('an assumed side called only from the goroutine it races with is that goroutine: dropped', () => {
  const r = applyProgramWitness([againstGoroutine('example.com/cg/app.tick', 'tick', 35)], graph, roots);
  assert.deepEqual([r.dropped, r.diagnostics.length], [1, 0]);
});

test('an assumed side called from another root names that root', () => {
  const r = applyProgramWitness([againstGoroutine('example.com/cg/store.Memory.Get', '(*Memory).Get', 22)], graph, roots);
  const w = r.diagnostics[0]!.witness!;
  assert.notEqual(w.sides[0].root.kind, 'api');
  assert.equal(w.sides[1].root.label, 'goroutine started here');
  assert.equal(r.witnessed, 1);
});

test('the whole module is analysed only by ./... at its root (or DIR/... with DIR the root)', async () => {
  const { coversModule } = await import('../src/cli/check.js');
  assert.equal(coversModule(['./...'], '/m', '/m'), true);
  assert.equal(coversModule([], '/m', '/m'), true);
  assert.equal(coversModule(['../...'], '/m/pkg', '/m'), true);
  assert.equal(coversModule(['./pkg/...'], '/m', '/m'), false);
  assert.equal(coversModule([], '/m/pkg', '/m'), false);
  assert.equal(coversModule(['./cmd', './pkg/...'], '/m', '/m'), false);
  // The root is the first pattern's module: packages of another module beside it are not covered.
  assert.equal(coversModule(['./api/...', './daemon/...'], '/m', '/m/api', ['/m/api/a.go', '/m/daemon/d.go']), false);
  assert.equal(coversModule(['./api/...'], '/m', '/m/api', ['/m/api/a.go', '/m/api/sub/b.go']), true);
});

test('MAPRACE_WHOLE_PROGRAM=1 turns the pass on for any patterns (measurements); unset, 0 or false leave it to the patterns', async () => {
  const { wholeProgramByEnv } = await import('../src/cli/check.js');
  assert.equal(wholeProgramByEnv({ MAPRACE_WHOLE_PROGRAM: '1' }), true);
  assert.equal(wholeProgramByEnv({}), false);
  assert.equal(wholeProgramByEnv({ MAPRACE_WHOLE_PROGRAM: '0' }), false);
  assert.equal(wholeProgramByEnv({ MAPRACE_WHOLE_PROGRAM: 'false' }), false);
});

// Two pools, each with a getter of its own; NodeShape locks the getter's cache and PoolShape does not. The object
// flow tells the two getters apart and drops the race; skipped (a program over its constraint limit), it stays.
const GETTERS = {
  'go.mod': 'module example.com/objs\n\ngo 1.25\n',
  'shapes/shapes.go': `package shapes

import "sync"

type Getter struct {
	mu    sync.Mutex
	cache map[string]int
}

func NewGetter() *Getter { return &Getter{cache: make(map[string]int)} }

func (g *Getter) NodeShape(name string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cache[name] = len(name)
	return len(name)
}

func (g *Getter) PoolShape(id string) int {
	g.cache[id] = 2 * len(id)
	return 2 * len(id)
}
`,
  'main.go': `package main

import (
	"time"

	"example.com/objs/shapes"
)

type Nodes struct{ g *shapes.Getter }

func NewNodes() *Nodes { return &Nodes{g: shapes.NewGetter()} }

func (n *Nodes) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			n.g.NodeShape("a")
		}
	}()
}

type Instances struct{ g *shapes.Getter }

func NewInstances() *Instances { return &Instances{g: shapes.NewGetter()} }

func (i *Instances) Start() {
	go func() {
		for range time.Tick(time.Minute) {
			i.g.PoolShape("b")
		}
	}()
}

func main() {
	NewNodes().Start()
	NewInstances().Start()
	select {}
}
`,
};

test('a program too large for the object flow says so: stats.truncated.objects, and the text summary; its races stay', async () => {
  const dir = tempTree('objects', GETTERS);
  const loaded = await loadFiles(['./...'], { cwd: dir });
  const opts = { root: dir, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), jobs: 1, dependencyTypes: false };
  const ctx = { root: dir, color: false, version: '0', checks: CHECKS };
  const solved = await analyze({ ...opts, wholeProgram: true });
  assert.deepEqual(solved.errors, []);
  assert.equal(solved.diagnostics.length, 0, 'the two getters are two objects');
  assert.equal(solved.stats.truncated?.objects, undefined);
  assert.doesNotMatch(findReporter('text')!.render(solved, ctx), /object identities/);
  const skipped = await analyze({ ...opts, wholeProgram: true, maxObjectConstraints: 1 });
  assert.ok(skipped.diagnostics.some((d) => d.range.file === 'shapes/shapes.go' && d.message.includes('g.cache')), JSON.stringify(skipped.diagnostics.map((d) => d.message)));
  const n = skipped.stats.truncated?.objects ?? 0;
  assert.ok(n > 1, `${n} constraints`);
  const text = findReporter('text')!.render(skipped, ctx);
  assert.match(text, new RegExp(`analysis limits reached: object identities not computed \\(the program is too large: ${n.toLocaleString('en-US')} constraints, limit 200,000\\)$`, 'm'));
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-check.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const doc = JSON.parse(findReporter('json')!.render(skipped, ctx)) as { stats: { truncated: Record<string, number> } };
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(doc.stats.truncated, { steps: 0, depth: 0, accesses: 0, dependencies: 0, objects: n });
  // Without the whole-program pass there is no object flow to skip.
  const partial = await analyze({ ...opts, maxObjectConstraints: 1 });
  assert.equal(partial.stats.truncated, undefined);
});
