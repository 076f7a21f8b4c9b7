// `node dist/bench/ir.js DIR [--no-universe]`: parses and lowers every package of DIR (`./...`, as `check`
// selects files) into the IR in one process, and prints the time of each stage, the heap and RSS with the whole
// Program held, the size of the IR (functions, instructions, callee kinds) and the constructs left unlowered.
import { loadFiles } from '../src/go/load.js';
import { Universe } from '../src/go/universe.js';
import { loadProgram } from '../src/ir/program.js';
import type { Program } from '../src/ir/types.js';
import { forEachStmt } from '../src/ir/walk.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node dist/bench/ir.js DIR [--no-universe]\n');
  process.exit(2);
}
const universe = process.argv.includes('--no-universe') ? undefined : new Universe();
const t0 = performance.now();
const found = await loadFiles(['./...'], { cwd: dir });
let { program, stats } = await loadProgram({ ...found, ...(universe ? { universe } : {}) });
const total = performance.now() - t0;
global.gc?.();
const mem = process.memoryUsage();
const counts = census(program);
// The IR's own size: the heap with the Program held, less the heap once it is dropped.
program = { packages: [] };
global.gc?.();
const irBytes = mem.heapUsed - process.memoryUsage().heapUsed;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
process.stdout.write(
  [
    `files ${stats.files} (skipped ${stats.skipped}), lines ${stats.lines}, packages ${program.packages.length}`,
    `parse ${stats.parseMs.toFixed(0)} ms, declarations+type lookup ${stats.declareMs.toFixed(0)} ms, lower ${stats.lowerMs.toFixed(0)} ms, total ${total.toFixed(0)} ms`,
    `heap ${mb(mem.heapUsed)}, rss ${mb(mem.rss)} (with the Program held${global.gc ? `, after gc; the IR itself ${mb(irBytes)}` : ''})`,
    `funcs ${counts.funcs}, statements ${counts.stmts}, calls ${counts.calls}: ${Object.entries(counts.callees).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `unlowered: ${Object.entries(counts.unlowered).map(([k, n]) => `${k}=${n}`).join(', ') || 'none'}`,
  ].join('\n') + '\n',
);

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
