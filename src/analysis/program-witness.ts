// Concurrency needs a witness (issue 12, class 7). The per-package pass assumes that an exported method of a type
// that takes no lock is "callable from any goroutine"; once every package of the module has been analysed, the
// whole program's call graph (src/callgraph) says whether that is so. A race whose side rests on such an
// assumption is kept only when two goroutine roots of the program reach the method (or one root that runs several
// instances at once), and that side's root becomes the real one, with the calls from it to the method in front of
// its path; otherwise the race is dropped. Types that lock some of their maps keep the assumption: a type that
// guards a map in some methods and not in others is reported as inconsistent locking.
import type { CallGraph } from '../callgraph/types.js';
import type { Root, Witness as CGWitness } from '../callgraph/roots.js';
import { concurrentWitness } from '../callgraph/roots.js';
import { toRange } from '../ir/types.js';
import type { Diagnostic, RootStartKind, WitnessRoot, WitnessSide } from '../model.js';
import { rootRef, witnessRelated } from '../witness.js';

export interface ProgramWitnessResult {
  diagnostics: Diagnostic[];
  /** Races dropped: the method they rest on is reached by no two roots of the program. */
  dropped: number;
  /** Races whose assumed roots were replaced by the program's. */
  witnessed: number;
}

export function applyProgramWitness(diagnostics: readonly Diagnostic[], graph: CallGraph, roots: readonly Root[]): ProgramWitnessResult {
  const out: Diagnostic[] = [];
  let dropped = 0;
  let witnessed = 0;
  const cache = new Map<string, CGWitness[] | undefined>();
  const reach = (id: string) => {
    if (!cache.has(id)) cache.set(id, concurrentWitness(graph, roots, id));
    return cache.get(id);
  };
  for (const d of diagnostics) {
    const w = d.witness;
    const assumed = w?.sides.filter((s) => s.root.assumed && s.root.id);
    if (!w || !assumed?.length) {
      out.push(d);
      continue;
    }
    const found = assumed.map((s) => reach(s.root.id!));
    if (found.some((f) => !f)) {
      dropped++;
      continue;
    }
    // Two sides of one assumed method take the two witnesses; a single assumed side takes the first.
    const sides = w.sides.map((s): WitnessSide => {
      if (!s.root.assumed || !s.root.id) return s;
      const ws = reach(s.root.id)!;
      const pick = w.sameRoot && s === w.sides[1] ? ws[1]! : ws[0]!;
      return { ...s, root: rootOf(graph, pick.root), path: [...pick.path.map((e) => ({ range: toRange(e.at), message: `calls ${calleeName(graph, e.from, e.to)}` })), ...s.path], startsAfter: 0 };
    }) as [WitnessSide, WitnessSide];
    const sameRoot = sides[0].root.label === sides[1].root.label && sides[0].root.start?.range.start.line === sides[1].root.start?.range.start.line;
    const witness = { sides, sameRoot, reason: sameRoot ? `two instances of ${rootRef(sides[0].root)} run at once` : `${rootRef(sides[0].root)} and ${rootRef(sides[1].root)} run at the same time; no join, channel receive or Wait orders the two` };
    const accesses = d.related.filter((r) => r.kind === 'access' && !(r.range.file === w.sides[1].access.range.file && r.range.start.line === w.sides[1].access.range.start.line));
    out.push({ ...d, witness, related: witnessRelated(witness, accesses) });
    witnessed++;
  }
  return { diagnostics: out, dropped, witnessed };
}

function rootOf(graph: CallGraph, r: Root): WitnessRoot {
  const fn = graph.funcs.get(r.func);
  const start: RootStartKind = r.kind === 'goroutine' ? 'spawn' : r.kind === 'handler' && r.spawner ? 'registration' : 'declaration';
  const root: WitnessRoot = { kind: r.kind === 'goroutine' || r.kind === 'handler' ? r.kind : 'flow', label: r.label, multi: r.multi, id: r.func, start: { kind: start, range: toRange(r.at) } };
  if (fn && start === 'declaration') root.function = fn.name;
  if (r.multi) root.instances = r.kind === 'handler' ? 'in another request' : 'started in a loop';
  return root;
}

/** `calls store.(*Store).Put` across packages, `calls helper` within one. */
function calleeName(graph: CallGraph, from: string, to: string): string {
  const callee = graph.funcs.get(to);
  if (!callee) return to;
  return graph.funcs.get(from)?.pkg === callee.pkg ? callee.name : `${callee.pkgName}.${callee.name}`;
}
