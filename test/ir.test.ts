// The IR: golden dumps of small real packages (test/ir, one `ir.golden` per package; regenerate with
// MAPRACE_UPDATE_GOLDEN=1), every instruction, region, callee, root and step kind covered by them, and every
// fixture package of the checks lowered without a construct left out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadFiles } from '../src/go/load.js';
import { buildPackage } from '../src/go/package.js';
import { loadGo, parseGo } from '../src/go/parser.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';
import { LazyPackage, lowerPackage, printFunc, printPackage } from '../src/ir/index.js';
import type { Alloc, Callee, Place, Program, Root, Stmt, Step, Value } from '../src/ir/types.js';
import { forEachStmt, tempDefs } from '../src/ir/walk.js';
import { REPO } from './paths.js';

await loadGo();

const GOLDEN = path.join(REPO, 'test', 'ir');

async function program(dir: string, universe = true): Promise<Program> {
  const found = await loadFiles(['./...'], { cwd: dir });
  const { program, stats } = await loadProgram({ ...found, ...(universe ? { universe: new Universe() } : {}) });
  assert.deepEqual(stats.failed, [], dir);
  return program;
}

test('IR golden dumps of test/ir packages', async () => {
  const prog = await program(GOLDEN);
  assert.ok(prog.packages.length >= 6);
  for (const pkg of prog.packages) {
    const file = path.join(GOLDEN, pkg.dir, 'ir.golden');
    const text = printPackage(pkg);
    if (process.env.MAPRACE_UPDATE_GOLDEN) fs.writeFileSync(file, text);
    assert.equal(text, fs.readFileSync(file, 'utf8'), `${pkg.dir}: IR differs from ${file} (MAPRACE_UPDATE_GOLDEN=1 regenerates it)`);
    assert.deepEqual(pkg.unlowered, {}, pkg.dir);
  }
});

// Exhaustive by construction: adding a kind to the IR without a case here does not compile.
const STMT_KINDS: Record<Stmt['k'], true> = {
  define: true, assign: true, eval: true, mapread: true, mapwrite: true, mapiter: true, mapdelete: true, mapclear: true, call: true,
  go: true, defer: true, lock: true, send: true, recv: true, close: true, wait: true, oncedo: true, return: true, jump: true,
  if: true, switch: true, select: true, loop: true, range: true,
};
const CALLEE_KINDS: Record<Callee['k'], true> = { static: true, closure: true, interface: true, dynamic: true, builtin: true, library: true, conversion: true, unknown: true };
const ROOT_KINDS: Record<Root['k'], true> = { local: true, param: true, recv: true, global: true, alloc: true, result: true, value: true, unknown: true };
const STEP_KINDS: Record<Step['k'], true> = { field: true, mapelem: true, index: true, deref: true };
const VALUE_KINDS: Record<Value['k'], true> = { place: true, addr: true, alloc: true, const: true, func: true, method: true, op: true, assert: true };
const ALLOC_KINDS: Record<Alloc['kind'], true> = { make: true, new: true, composite: true, func: true };

/** Every kind of statement, callee, root, step, value and allocation that occurs in a program. */
function kinds(p: Program): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const note = (what: string, k: string) => (seen.get(what) ?? seen.set(what, new Set()).get(what)!).add(k);
  const val = (v: Value | undefined): void => {
    if (!v) return;
    note('value', v.k);
    if (v.k === 'place' || v.k === 'addr') place(v.place);
    else if (v.k === 'alloc') alloc(v.alloc);
    else if (v.k === 'method') val(v.recv);
    else if (v.k === 'op') v.args.forEach(val);
    else if (v.k === 'assert') val(v.value);
  };
  const alloc = (a: Alloc): void => {
    note('alloc', a.kind);
    for (const e of a.elems ?? []) val(e.value);
  };
  const place = (pl: Place): void => {
    note('root', pl.root.k);
    if (pl.root.k === 'alloc') alloc(pl.root.alloc);
    if (pl.root.k === 'value') val(pl.root.value);
    for (const s of pl.path) {
      note('step', s.k);
      if (s.k === 'mapelem') val(s.key);
      if (s.k === 'index') val(s.index);
    }
  };
  // The values of one statement (forEachStmt reaches the nested ones).
  const stmt = (s: Stmt): void => {
    note('stmt', s.k);
    switch (s.k) {
      case 'if': val(s.cond); return;
      case 'switch': val(s.tag); s.cases.forEach((c) => c.values.forEach(val)); return;
      case 'loop': val(s.condValue); return;
      case 'range': val(s.over); return;
      case 'call':
        note('callee', s.callee.k);
        s.args.forEach(val);
        if ('recv' in s.callee) val(s.callee.recv);
        if (s.callee.k === 'dynamic') val(s.callee.value);
        return;
      case 'define': case 'eval': val(s.value); return;
      case 'assign': place(s.dst); val(s.value); return;
      case 'mapread': case 'mapwrite': case 'mapiter': case 'mapdelete': case 'mapclear': place(s.map); return;
      case 'lock': place(s.lock); return;
      case 'return': s.values.forEach(val); return;
      case 'send': val(s.chan); val(s.value); return;
      case 'recv': case 'close': val(s.chan); return;
      case 'wait': val(s.on); return;
      case 'oncedo': val(s.once); val(s.fn); return;
      default: return;
    }
  };
  for (const pkg of p.packages) for (const f of pkg.funcs) forEachStmt(f.body, stmt);
  return seen;
}

test('the golden packages cover every kind of the IR', async () => {
  const seen = kinds(await program(GOLDEN));
  const missing = (what: string, all: Record<string, true>) => Object.keys(all).filter((k) => !seen.get(what)?.has(k));
  assert.deepEqual(missing('stmt', STMT_KINDS), []);
  assert.deepEqual(missing('callee', CALLEE_KINDS), []);
  assert.deepEqual(missing('root', ROOT_KINDS), []);
  assert.deepEqual(missing('step', STEP_KINDS), []);
  assert.deepEqual(missing('value', VALUE_KINDS), []);
  assert.deepEqual(missing('alloc', ALLOC_KINDS), []);
});

/** Directories holding a go.mod under `dir` (fixture modules). */
function modules(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'node_modules') continue;
    const sub = path.join(dir, e.name);
    if (fs.existsSync(path.join(sub, 'go.mod'))) out.push(sub);
    else out.push(...modules(sub));
  }
  return out;
}

test('every fixture package of the checks and of the precision specification lowers with nothing left out, with and without dependency types', async () => {
  const roots = [...modules(path.join(REPO, 'src', 'checks')), ...modules(path.join(REPO, 'test', 'fixtures')), ...modules(path.join(REPO, 'test', 'precision')), GOLDEN];
  assert.ok(roots.length >= 8, `fixture modules: ${roots.length}`);
  let funcs = 0;
  for (const root of roots) {
    for (const universe of [true, false]) {
      const prog = await program(root, universe);
      for (const pkg of prog.packages) {
        assert.deepEqual(pkg.unlowered, {}, `${root}: ${pkg.dir} (universe ${universe})`);
        funcs += pkg.funcs.length;
      }
    }
  }
  assert.ok(funcs > 100, `functions lowered: ${funcs}`);
});

test('constructs the lowering cannot express are counted, not dropped silently', () => {
  // tree-sitter reads `p.m[l.Name][l.Value]` as a generic type instantiation, not as two index expressions.
  const src = 'package p\n\ntype T struct{ m map[string]map[string]int }\n\nfunc F(p *T, l struct{ Name, Value string }) {\n\tp.m[l.Name][l.Value] = 1\n}\n';
  const pkg = lowerPackage(buildPackage('p', [{ rel: 'p/a.go', tree: parseGo(src) }]));
  assert.deepEqual(pkg.unlowered, { 'assignment to type_instantiation_expression': 1 });
});

test('a function nested too deeply to lower is counted and left without a body; the others are lowered', () => {
  // Under the front end's MAX_SYNTAX_DEPTH (1,500), deeper than lowering's recursion goes on the default stack.
  const src = `package p\n\nfunc F() int {\n\treturn ${Array(1_490).fill('1').join(' + ')}\n}\n\nfunc G() { go F() }\n`;
  const pkg = lowerPackage(buildPackage('p', [{ rel: 'p/a.go', tree: parseGo(src) }]));
  assert.deepEqual(pkg.unlowered, { 'function nested too deeply': 1 });
  assert.deepEqual(pkg.funcs.map((f) => [f.name, !!f.body]), [['F', false], ['G', true]]);
});

test('closures: captured locals are free variables of every literal in between; := reuses a local of the same scope', () => {
  const src = `package p

func F() int {
	n, err := 0, error(nil)
	m, err := 1, nil
	_ = err
	f := func() func() int {
		return func() int { return n + m }
	}
	return f()()
}
`;
  const pkg = lowerPackage(buildPackage('p', [{ rel: 'p/a.go', tree: parseGo(src) }]));
  const [outer, lit1, lit2] = pkg.funcs;
  assert.deepEqual(pkg.funcs.map((f) => f.id), ['p.F', 'p.F$1', 'p.F$1$1']);
  assert.deepEqual(lit1!.freeVars.map((v) => `${v.name}@${v.func}`), ['n@p.F', 'm@p.F']);
  assert.deepEqual(lit2!.freeVars.map((v) => `${v.name}@${v.func}`), ['n@p.F', 'm@p.F']);
  assert.equal(lit2!.parent, 'p.F$1');
  assert.deepEqual(outer!.locals.map((l) => l.name), ['n', 'err', 'm', 'f']);
  assert.ok(outer!.body!.stmts.some((s) => s.k === 'assign' && s.dst.text === 'err'));
});

test('tempDefs follows a method chain back to its calls', () => {
  const src = 'package p\n\ntype B struct{}\n\nfunc (b *B) For(x int) *B { return b }\nfunc (b *B) Complete(r any) error { return nil }\nfunc New() *B { return &B{} }\n\nfunc F(r any) error {\n\treturn New().For(1).Complete(r)\n}\n';
  const pkg = lowerPackage(buildPackage('p', [{ rel: 'p/a.go', tree: parseGo(src) }]));
  const f = pkg.funcs.find((x) => x.name === 'F')!;
  const defs = tempDefs(f);
  const names: string[] = [];
  let call = [...defs.values()].find((d) => d.k === 'call' && d.callee.k === 'static' && d.callee.func.name === 'Complete');
  while (call?.k === 'call') {
    names.push(call.callee.k === 'static' ? call.callee.func.name : '?');
    const recv = call.callee.k === 'static' ? call.callee.recv : undefined;
    call = recv?.k === 'place' && recv.place.root.k === 'result' ? defs.get(recv.place.root.temp) : undefined;
  }
  assert.deepEqual(names, ['Complete', 'For', 'New']);
});

test('a package lists the types it makes; composite elements carry their ranges; LazyPackage lowers what is asked', () => {
  const src = `package p

import "sync"

type T struct{ mu *sync.Mutex; f func() }
type U struct{}

var global = &U{}

func F() *T { return &T{f: func() {}} }

func G() { _ = new(sync.WaitGroup) }
`;
  const pkg = buildPackage('p', [{ rel: 'p/a.go', tree: parseGo(src) }]);
  const full = lowerPackage(pkg);
  assert.deepEqual(full.made, ['p.T', 'p.U', 'sync.WaitGroup'], 'in functions and package-level initializers');
  const ret = full.funcs.find((f) => f.name === 'F')!.body!.stmts[0];
  const alloc = ret?.k === 'return' && ret.values[0]?.k === 'addr' && ret.values[0].place.root.k === 'alloc' ? ret.values[0].place.root.alloc : undefined;
  assert.deepEqual(alloc?.elems?.map((e) => [e.key, e.at.line, e.at.column, e.at.endColumn]), [['f', 10, 25, 37]]);
  const lazy = new LazyPackage(pkg);
  assert.deepEqual(lazy.ir.funcs, []);
  assert.deepEqual(lazy.ir.made, full.made);
  assert.deepEqual(lazy.func('F').map((f) => f.id), ['p.F', 'p.F$1']);
  assert.deepEqual(lazy.func('F'), [], 'once');
  assert.deepEqual(printFunc(lazy.ir.funcs[0]!), printFunc(full.funcs.find((f) => f.name === 'F')!));
});
