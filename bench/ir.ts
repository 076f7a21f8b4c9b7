// `node --expose-gc dist/bench/ir.js DIR [--no-universe] [--ir-size]`: parses and lowers every package of DIR (`./...`, as `check`
// selects files) into the IR in one process, and prints the time of each stage, the heap and RSS with the whole
// Program held (`--ir-size`: and the IR's own share of it), the size of the IR (functions, instructions, callee
// kinds), the constructs left unlowered, and the whole program's call graph (time, edges by kind and by how the
// callee was found, roots, calls through interfaces and func values left unresolved, functions reached from a root).
import { loadFiles } from '../src/go/load.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';
import type { Program } from '../src/ir/types.js';
import { buildCallGraph } from '../src/callgraph/build.js';
import { findRoots } from '../src/callgraph/roots.js';
import type { CallGraph } from '../src/callgraph/types.js';
import { forEachStmt } from '../src/ir/walk.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node dist/bench/ir.js DIR [--no-universe]\n');
  process.exit(2);
}
const universe = process.argv.includes('--no-universe') ? undefined : new Universe();
const found = await loadFiles(['./...'], { cwd: dir });
const heap = (): number => {
  global.gc?.();
  return process.memoryUsage().heapUsed;
};
// `--ir-size`: lower once and drop it first, so that the heap held by the second run is the IR's own.
const before = process.argv.includes('--ir-size') ? (await run(false), heap()) : undefined;
const { text, held } = await run(true);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
process.stdout.write(`${text}\nheap ${mb(held)}, rss ${mb(process.memoryUsage().rss)} with the Program held${global.gc ? ' (after gc)' : ''}${before !== undefined ? `; the IR itself ${mb(held - before)}` : ''}\n`);

async function run(keep: boolean): Promise<{ text: string; held: number }> {
  const t0 = performance.now();
  const { program, stats } = await loadProgram({ ...found, ...(universe ? { universe } : {}) });
  const total = performance.now() - t0;
  const held = keep ? heap() : 0;
  const c = census(program);
  const text = [
    `files ${stats.files} (skipped ${stats.skipped}), lines ${stats.lines}, packages ${program.packages.length}`,
    `parse ${stats.parseMs.toFixed(0)} ms, declarations+type lookup ${stats.declareMs.toFixed(0)} ms, lower ${stats.lowerMs.toFixed(0)} ms, total ${total.toFixed(0)} ms`,
    `funcs ${c.funcs}, statements ${c.stmts}, calls ${c.calls}: ${Object.entries(c.callees).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `unlowered: ${Object.entries(c.unlowered).map(([k, n]) => `${k}=${n}`).join(', ') || 'none'}; failed packages: ${stats.failed.map((f) => `${f.dir} (${f.message})`).join(', ') || 'none'}`,
    callGraphCensus(program),
  ].join('\n');
  return { text, held };
}

function census(p: Program) {
  const c = { funcs: 0, stmts: 0, calls: 0, callees: {} as Record<string, number>, unlowered: {} as Record<string, number> };
  for (const pkg of p.packages) {
    for (const [k, n] of Object.entries(pkg.unlowered)) c.unlowered[k] = (c.unlowered[k] ?? 0) + n;
    for (const f of pkg.funcs) {
      c.funcs++;
      forEachStmt(f.body, (s) => {
        c.stmts++;
        if (s.k !== 'call') return;
        c.calls++;
        c.callees[s.callee.k] = (c.callees[s.callee.k] ?? 0) + 1;
      });
    }
  }
  return c;
}

function callGraphCensus(p: Program): string {
  const t0 = performance.now();
  const g = buildCallGraph(p);
  const roots = findRoots(g);
  const ms = performance.now() - t0;
  const count = (key: (e: CallGraph['out'] extends Map<string, (infer E)[]> ? E : never) => string) => {
    const n: Record<string, number> = {};
    for (const es of g.out.values()) for (const e of es) n[key(e)] = (n[key(e)] ?? 0) + 1;
    return Object.entries(n).sort().map(([k, v]) => `${k} ${v}`).join(', ');
  };
  // Functions reached from some root through calls.
  const seen = new Set(roots.map((r) => r.func));
  const work = [...seen];
  while (work.length) for (const e of g.out.get(work.pop()!) ?? []) if (!seen.has(e.to)) seen.add(e.to), work.push(e.to);
  return [
    `call graph ${ms.toFixed(0)} ms: edges by kind ${count((e) => e.kind)}; by callee ${count((e) => e.via)}`,
    `roots ${roots.length} (${['main', 'init', 'goroutine', 'handler'].map((k) => `${k} ${roots.filter((r) => r.kind === k).length}`).join(', ')}); unresolved calls: interface ${g.unresolved.interface}, value ${g.unresolved.value}; functions reached from a root ${seen.size} of ${g.funcs.size}`,
  ].join('\n');
}
