// `node --expose-gc dist/bench/callgraph.js DIR [--vendor] [--no-universe]`: the whole program's call graph of a
// tree built the way the engine will, package by package: each package is lowered, its call-graph facts are
// extracted and its IR dropped; then the graph is solved. Prints the time of each stage, the heap held by all
// packages' facts and by the solved graph, and the graph's census (edges, roots, unresolved calls).
import { solveCallGraph } from '../src/callgraph/build.js';
import { extractFacts } from '../src/callgraph/extract.js';
import type { PackageFacts } from '../src/callgraph/facts.js';
import { findRoots } from '../src/callgraph/roots.js';
import { loadFiles } from '../src/go/load.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node --expose-gc dist/bench/callgraph.js DIR [--vendor] [--no-universe]\n');
  process.exit(2);
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const heap = (): number => {
  global.gc?.();
  return process.memoryUsage().heapUsed;
};
const found = await loadFiles(['./...', ...(process.argv.includes('--vendor') ? ['./vendor/...'] : [])], { cwd: dir });
const universe = process.argv.includes('--no-universe') ? undefined : new Universe();
const base = heap();
const facts: PackageFacts[] = [];
let extractMs = 0;
const t0 = performance.now();
const { stats } = await loadProgram({
  ...found,
  ...(universe ? { universe } : {}),
  each: (pkg) => {
    const t = performance.now();
    facts.push(extractFacts(pkg));
    extractMs += performance.now() - t;
  },
});
const frontMs = performance.now() - t0;
const withFacts = heap();
const t1 = performance.now();
const graph = solveCallGraph(facts);
const roots = findRoots(graph);
const solveMs = performance.now() - t1;
const withGraph = heap();
let edges = 0;
for (const es of graph.out.values()) edges += es.length;
process.stdout.write(
  [
    `files ${stats.files} (skipped ${stats.skipped}), lines ${stats.lines}, packages ${facts.length}, functions ${graph.funcs.size}; failed packages ${stats.failed.length}`,
    `parse ${stats.parseMs.toFixed(0)} ms, declarations ${stats.declareMs.toFixed(0)} ms, lower ${(stats.lowerMs - extractMs).toFixed(0)} ms, extract ${extractMs.toFixed(0)} ms (front end total ${frontMs.toFixed(0)} ms); solve ${solveMs.toFixed(0)} ms`,
    `edges ${edges}, roots ${roots.length}, unresolved: interface ${graph.unresolved.interface}, value ${graph.unresolved.value}`,
    `heap: facts of every package ${mb(withFacts - base)}, facts and graph ${mb(withGraph - base)}; rss ${mb(process.memoryUsage().rss)}`,
  ].join('\n') + '\n',
);
