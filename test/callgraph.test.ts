// The whole program's call graph (src/callgraph): a golden dump of test/callgraph (regenerate with
// MAPRACE_UPDATE_GOLDEN=1), and the properties it exists for: interface dispatch only to created types, a
// function value through a struct field across packages, spawning library calls and handlers as roots, and a
// witness (root and call path) for a method reached from a goroutine started in another package.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildCallGraph } from '../src/callgraph/build.js';
import { printCallGraph } from '../src/callgraph/print.js';
import { findRoots, witnesses } from '../src/callgraph/roots.js';
import { Lifecycles } from '../src/callgraph/lifecycles.js';
import { neverRuns } from '../src/callgraph/unreached.js';
import { ValueFlow } from '../src/callgraph/values.js';
import { loadFiles } from '../src/go/load.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';
import { REPO } from './paths.js';

const DIR = path.join(REPO, 'test', 'callgraph');
const found = await loadFiles(['./...'], { cwd: DIR });
const { program, stats } = await loadProgram({ ...found, universe: new Universe() });
const graph = buildCallGraph(program);
const roots = findRoots(graph);
const callees = (from: string) => (graph.out.get(from) ?? []).map((e) => `${e.kind}:${e.to}`);

test('call graph golden dump of test/callgraph', () => {
  assert.deepEqual(stats.failed, []);
  const file = path.join(DIR, 'callgraph.golden');
  const text = printCallGraph(graph, roots);
  if (process.env.MAPRACE_UPDATE_GOLDEN) fs.writeFileSync(file, text);
  assert.equal(text, fs.readFileSync(file, 'utf8'), `call graph differs from ${file} (MAPRACE_UPDATE_GOLDEN=1 regenerates it)`);
});

test('a call through an interface runs the methods of the types the program creates, not of the others', () => {
  const routes = graph.out.get('example.com/cg/web.Routes$1') ?? [];
  assert.deepEqual(routes.map((e) => `${e.via}:${e.to}`), ['interface:example.com/cg/store.Memory.Put']);
  assert.ok(!graph.in.has('example.com/cg/store.Disk.Put'), 'Disk is never created');
});

test('a method value stored in a struct field in one package is called through the field in another', () => {
  assert.ok(callees('example.com/cg/pool.Pool.work').includes('call:example.com/cg/store.Counts.Add'), callees('example.com/cg/pool.Pool.work').join(', '));
});

test('a method value of an interface variable runs the implementations created anywhere in the program', () => {
  // app is scanned before store creates its Memory: the method value is resolved once every type is known.
  assert.ok(callees('example.com/cg/app.main').includes('go:example.com/cg/store.Memory.Get'), callees('example.com/cg/app.main').join(', '));
});

test('go statements, spawning library calls and handlers are roots; Once.Do runs its function in place', () => {
  const kinds = roots.map((r) => `${r.kind}${r.multi ? '*' : ''} ${r.func}`).sort();
  assert.ok(kinds.includes('main example.com/cg/app.main'));
  assert.ok(kinds.includes('init example.com/cg/app.init'));
  assert.ok(kinds.includes('goroutine example.com/cg/app.tick'));
  assert.ok(kinds.includes('goroutine* example.com/cg/pool.Pool.work'), 'go in a loop: many instances');
  assert.ok(kinds.includes('goroutine example.com/cg/app.main$1'), 'time.AfterFunc');
  assert.ok(kinds.includes('handler* example.com/cg/web.Routes$1'), 'HandleFunc');
  assert.ok(kinds.includes('handler* example.com/cg/web.Handler.ServeHTTP'));
  assert.ok(callees('example.com/cg/app.main').includes('call:example.com/cg/app.setup'));
});

test('a witness names the root and the call path from it', () => {
  const ws = witnesses(graph, roots, 'example.com/cg/store.Counts.Add');
  assert.equal(ws.length, 1);
  assert.equal(ws[0]!.root.func, 'example.com/cg/pool.Pool.work');
  assert.equal(ws[0]!.root.label, 'goroutine started here (go p.work, in a loop)');
  assert.equal(ws[0]!.root.at.line, 19);
  assert.deepEqual(ws[0]!.path.map((e) => `${e.from} -> ${e.to}`), ['example.com/cg/pool.Pool.work -> example.com/cg/store.Counts.Add']);
  const put = witnesses(graph, roots, 'example.com/cg/store.Memory.Put').map((w) => `${w.root.at.file}:${w.root.at.line} ${w.root.label}`).sort();
  assert.deepEqual(put, ['app/main.go:22 goroutine started here (go kv.Put)', 'web/web.go:21 handler registered here (mux.HandleFunc)']);
});

test('values handed to code outside the program: library arguments, conversions to its interfaces', () => {
  assert.ok(graph.handedOut.has('example.com/cg/web.Handler'), [...graph.handedOut].join(', '));
  assert.ok(!graph.handedOut.has('example.com/cg/store.Memory'), 'Memory only reaches the program\'s own interface');
});

test('code that never runs: every chain of callers ends in a _test.go file, or in dead code of an application', () => {
  const at = (file: string) => ({ file, line: 1, column: 1, endLine: 1, endColumn: 2 });
  const fn = (id: string, file: string, recvType?: string, pkgName = 'p') => [id, { id, name: id, pkg: 'p', dir: 'p', pkgName, kind: recvType ? 'method' : 'function', exported: true, nameAt: at(file), ...(recvType ? { recvType } : {}) }] as const;
  const edge = (from: string, to: string) => ({ from, to, kind: 'call' as const, via: 'static' as const, at: at('x.go'), text: to, inLoop: false });
  const edges = [edge('TestA', 'helper'), edge('helper', 'T.Stats'), edge('TestA', 'T.Load'), edge('Serve', 'T.Load'), edge('TestA', 'U.Dump'), edge('TestA', 'T.Flush'), edge('TestA', 'D.Get'), edge('D.Get', 'E.Get'), edge('E.Get', 'D.Get'), edge('TestMain', 'main'), edge('main', 'reload')];
  const into = new Map<string, ReturnType<typeof edge>[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  const g = {
    funcs: new Map([fn('TestA', 'a_test.go'), fn('helper', 'h.go'), fn('T.Stats', 't.go', 'p.T'), fn('T.Load', 't.go', 'p.T'), fn('Serve', 's.go'), fn('T.Unused', 't.go', 'p.T'), fn('U.Dump', 'u.go', 'p.U'), fn('T.Flush', 't.go', 'p.T'), fn('D.Get', 'd.go', 'p.D'), fn('E.Get', 'e.go', 'p.E'), fn('TestMain', 'main_test.go'), fn('reload', 'main.go'), fn('main', 'main.go', undefined, 'main')]),
    out: new Map(), in: into, unresolved: { interface: 0, value: 0 }, setters: new Map(), unresolvedNames: new Set(['Flush']), unresolvedSets: new Map(), calledNames: new Set<string>(), taken: new Set<string>(), handedOut: new Set(['p.U']),
  };
  const library = () => false;
  const application = () => true;
  assert.equal(neverRuns(g, 'T.Stats', library), true, 'through a helper only a test calls');
  assert.equal(neverRuns(g, 'T.Load', library), false, 'Serve, which nothing calls, may run: the library\'s API');
  assert.equal(neverRuns(g, 'T.Load', application), true, 'in an application, Serve, which nothing calls, is dead code');
  assert.equal(neverRuns(g, 'T.Unused', library), false, 'nothing calls it: the package\'s API');
  assert.equal(neverRuns(g, 'U.Dump', application), false, 'U is handed to code outside the program, which may call Dump');
  assert.equal(neverRuns(g, 'T.Flush', application), false, 'a call of Flush the front end could not resolve may run it');
  assert.equal(neverRuns(g, 'E.Get', application), false, 'decorators calling each other: the graph may not know how the program enters them');
  assert.equal(neverRuns(g, 'reload', application), false, 'main runs, even when a TestMain calls it too');
});

test('a serial framework\'s lifecycle: one goroutine for the collector, one value at a time for Telegraf', () => {
  const at = (file: string) => ({ file, line: 1, column: 1, endLine: 1, endColumn: 2 });
  const fn = (id: string, recvType?: string, lifecycle?: string) => [id, { id, name: id, pkg: 'p', dir: 'p', pkgName: 'p', kind: recvType ? 'method' : 'function', exported: true, nameAt: at('x.go'), ...(recvType ? { recvType } : {}), ...(lifecycle ? { lifecycle } : {}) }] as const;
  const edge = (from: string, to: string, kind: 'call' | 'go' = 'call') => ({ from, to, kind, via: 'static' as const, at: at('x.go'), text: to, inLoop: false });
  const edges = [edge('p.Exp.Start', 'p.Store.Backend'), edge('p.Exp.Start', 'p.Exp.Start$1', 'go'), edge('p.Exp.Start$1', 'p.Store.Flush')];
  const into = new Map<string, ReturnType<typeof edge>[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  const otel = 'OpenTelemetry Collector';
  const g = {
    funcs: new Map([
      fn('p.Exp.Start', 'p.Exp', otel), fn('p.Exp.Start$1'), fn('p.Store.Start', 'p.Store', otel), fn('p.Store.Shutdown', 'p.Store'), fn('p.Store.Backend', 'p.Store'), fn('p.Store.Flush', 'p.Store'),
      fn('p.A.Gather', 'p.A', 'Telegraf'), fn('p.A.Stop', 'p.A'), fn('p.B.Gather', 'p.B', 'Telegraf'),
    ]),
    out: new Map(), in: into, unresolved: { interface: 0, value: 0 }, setters: new Map(), unresolvedNames: new Set<string>(), unresolvedSets: new Map(), calledNames: new Set<string>(), taken: new Set<string>(), handedOut: new Set(['p.Exp', 'p.Store']),
  };
  const l = new Lifecycles(g);
  assert.equal(l.serial('p.Store.Backend', 'p.Store.Shutdown'), true, 'called from another component\'s Start');
  assert.equal(l.serial('p.Store.Flush', 'p.Store.Shutdown'), false, 'on a goroutine Start started');
  assert.equal(l.serial('p.A.Gather', 'p.A.Stop'), true, 'one plugin\'s lifecycle');
  assert.equal(l.serial('p.A.Gather', 'p.B.Gather'), false, 'two plugins run at once');
});

test('objects: each manager makes its own getter and calls its own method of it; one cache given to both is one object', async () => {
  const dir = path.join(REPO, 'test', 'precision', '07-concurrency-witness');
  const files = await loadFiles(['./...'], { cwd: dir });
  const g = buildCallGraph((await loadProgram({ ...files, universe: new Universe() })).program);
  const objects = g.objects!;
  const of = (method: string) => objects.receivers(`example.com/precision/witness/shapes.${method}`);
  const [node, pool] = [of('Getter.NodeShape'), of('Getter.PoolShape')];
  assert.ok(node && pool, 'both getters are known objects');
  assert.equal(objects.mayAlias(node, pool), false);
  const [cnode, cpool] = [of('Cache.NodeShape'), of('Cache.PoolShape')];
  assert.ok(cnode && cpool && objects.mayAlias(cnode, cpool), 'NewShared gives one cache to both');
});

test('objects: a program over the constraint limit is not analysed: no receiver is known, and it says how many constraints', async () => {
  const dir = path.join(REPO, 'test', 'precision', '07-concurrency-witness');
  const { program } = await loadProgram({ ...(await loadFiles(['./...'], { cwd: dir })), universe: new Universe() });
  const full = buildCallGraph(program).objects!;
  assert.equal(full.skipped, false);
  assert.ok(full.constraints > 10, `${full.constraints} constraints`);
  const at = buildCallGraph(program, { maxObjectConstraints: full.constraints }).objects!;
  assert.equal(at.skipped, false, 'the limit itself is not over it');
  const over = buildCallGraph(program, { maxObjectConstraints: full.constraints - 1 }).objects!;
  assert.deepEqual([over.skipped, over.constraints], [true, full.constraints]);
  assert.equal(over.receivers('example.com/precision/witness/shapes.Getter.NodeShape'), undefined);
  assert.ok(full.receivers('example.com/precision/witness/shapes.Getter.NodeShape'));
});

test('value flow: a top value saturates a location, mapped copies map and drop', () => {
  const absorbed: string[] = [];
  const flow = new ValueFlow([], { value: '?', absorbed: (loc, v) => absorbed.push(`${loc}:${v}`) });
  flow.source('L a', 'x');
  flow.copyMapped('L a', 'L b', (v) => (v === 'x' ? 'x2' : undefined));
  flow.copy('L a', 'F T.f');
  flow.source('L a', 'y');
  flow.solve();
  assert.deepEqual([...flow.at('L b')], ['x2']);
  assert.deepEqual([...flow.at('F T.f')].sort(), ['x', 'y']);
  flow.source('F T.f', '?');
  flow.source('L a', 'z');
  flow.solve();
  assert.deepEqual([...flow.at('F T.f')], ['?']);
  assert.deepEqual(absorbed.sort(), ['F T.f:x', 'F T.f:y', 'F T.f:z']);
});
