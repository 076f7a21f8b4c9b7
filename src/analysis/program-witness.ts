// Concurrency needs a witness (issue 12, class 7). The per-package pass assumes that an exported method of a type
// that takes no lock is "callable from any goroutine"; once every package of the module has been analysed, the
// whole program's call graph (src/callgraph) says whether that is so. A race between two such assumed sides (two
// exported methods, or one racing with itself) is kept only when two goroutine roots of the program reach them (or
// one root that runs several instances at once). A race of an assumed side with a root of the engine's own (a
// goroutine the type itself starts, a handler) stands when the program never calls the method (it is the
// package's API: any caller races with that root) or calls it from another root; it is dropped when the only root
// that reaches the method is that same goroutine. A root of the program that reaches the method becomes that
// side's root, with the calls from it in front of its path. Types
// that lock some of their maps keep the assumption: a type that guards a map in some methods and not in others is
// reported as inconsistent locking. Whatever the type, a race one side of which never runs in the built program
// is dropped: only tests reach it, or dead code of an application (callgraph/unreached.ts); so is one whose path
// calls through a site that runs only when a field that only such code sets is true (an option only tests pass),
// a race of two sides that only a serial framework's lifecycle reaches, which runs them one after the other
// (callgraph/lifecycles.ts), and a race of one map field of the receivers of two methods that never run on one
// object (callgraph/objects.ts: each manager makes its own getter and calls its own method).
import type { CallGraph } from '../callgraph/types.js';
import { type Root, type Witness as CGWitness, witnesses } from '../callgraph/roots.js';
import { Lifecycles } from '../callgraph/lifecycles.js';
import { applicationPackages, neverRuns, sitesOnlyTestsEnable } from '../callgraph/unreached.js';
import { type At, toRange } from '../ir/types.js';
import type { Diagnostic, Range, RootStartKind, Witness, WitnessRoot, WitnessSide } from '../model.js';
import { rootRef, where, witnessRelated } from '../witness.js';

export interface ProgramWitnessResult {
  diagnostics: Diagnostic[];
  /**
   * Races dropped: the method they rest on is reached by no two roots of the program, or a side never runs in the
   * built program (tests, dead code), or the two sides only by a framework's lifecycle, one step at a time.
   */
  dropped: number;
  /** Races whose assumed roots were replaced by the program's. */
  witnessed: number;
}

export function applyProgramWitness(diagnostics: readonly Diagnostic[], graph: CallGraph, roots: readonly Root[], modulePaths: readonly string[] = []): ProgramWitnessResult {
  const out: Diagnostic[] = [];
  let dropped = 0;
  let witnessed = 0;
  const reachMemo = new Map<string, CGWitness[]>();
  const reach = (id: string) => reachMemo.get(id) ?? reachMemo.set(id, witnesses(graph, roots, id)).get(id)!;
  const binaries = new Binaries(graph, roots);
  const isAssumed = (s: WitnessSide) => !!(s.root.assumed && s.root.id);
  const lifecycles = new Lifecycles(graph);
  const inApplication = applicationPackages(graph, modulePaths);
  const deadMemo = new Map<string, boolean>();
  const disabled = sitesOnlyTestsEnable(graph, inApplication);
  const dead = (s: WitnessSide) =>
    (!!s.root.id && (deadMemo.get(s.root.id) ?? deadMemo.set(s.root.id, neverRuns(graph, s.root.id, inApplication)).get(s.root.id)!)) ||
    (!!disabled.size && s.path.some((p) => disabled.has(`${p.range.file}:${p.range.start.line}:${p.range.start.column}`)));
  for (const d of diagnostics) {
    const w = d.witness;
    const [a, b] = w?.sides.map((s) => s.root.id) ?? [];
    if (w?.sides.some(dead) || (a && b && lifecycles.serial(a, b)) || (w && distinctReceivers(graph, w))) {
      dropped++;
      continue;
    }
    if (!w || !w.sides.some(isAssumed)) {
      out.push(d);
      continue;
    }
    const picks = pickWitnesses(w, isAssumed, reach, binaries);
    if (picks === 'drop') {
      dropped++;
      continue;
    }
    if (!picks.some(Boolean)) {
      out.push(d);
      continue;
    }
    const sides = w.sides.map((s, i): WitnessSide => {
      const pick = picks[i];
      if (!pick) return s;
      const path = pick.path.map((e) => ({ range: toRange(e.at), message: `calls ${calleeName(graph, e.from, e.to)}` }));
      return { ...s, root: rootOf(graph, pick.root), path: [...path, ...s.path], startsAfter: 0 };
    }) as [WitnessSide, WitnessSide];
    const sameRoot = !!picks[0] && picks[0].root === picks[1]?.root;
    const reason = sameRoot ? `two instances of ${rootRef(sides[0].root)} run at once` : `${rootRef(sides[0].root)} and ${rootRef(sides[1].root)} run at the same time; no join, channel receive or Wait orders the two`;
    const witness = { sides, sameRoot, reason };
    const message = selfRaceMessage(d.message, w, sides, sameRoot);
    const accesses = d.related.filter((r) => r.kind === 'access' && !(r.range.file === w.sides[1].access.range.file && r.range.start.line === w.sides[1].access.range.start.line));
    out.push({ ...d, message, witness, related: witnessRelated(witness, accesses) });
    witnessed++;
  }
  return { diagnostics: out, dropped, witnessed };
}

/**
 * Whether the two sides are the same map field of receivers of two methods that never run on one object: every
 * object each method's receiver may be is known, and none may be the other's (`CreateShapeGetter()` called by two
 * managers, each calling its own method of its own getter).
 */
function distinctReceivers(graph: CallGraph, w: Witness): boolean {
  const [x, y] = w.sides.map((s) => s.access.receiver);
  if (!x || !y || x.field !== y.field || x.func === y.func || !graph.objects) return false;
  const a = graph.objects.receivers(x.func);
  const b = a && graph.objects.receivers(y.func);
  return !!a && !!b && !graph.objects.mayAlias(a, b);
}

/**
 * The program's roots for the assumed sides of a race (undefined: the side stays as it is), or `drop`. Against a
 * root of the engine's own, an assumed method never called by the program stands (the package's API), one called
 * from another root is named by it, and one called only from that same root, running once, is `drop`. When every
 * side is assumed, two different roots must reach them, or one root with many instances; else `drop`.
 */
function pickWitnesses(w: Witness, isAssumed: (s: WitnessSide) => boolean, reach: (id: string) => CGWitness[], binaries: Binaries): [CGWitness | undefined, CGWitness | undefined] | 'drop' {
  const [x, y] = w.sides;
  const ax = isAssumed(x);
  const ay = isAssumed(y);
  if (ax !== ay) {
    // One assumed side against a root of the engine's own (the type's goroutine, a handler, a flow).
    const [assumed, other] = ax ? [x, y] : [y, x];
    const ws = reach(assumed.root.id!);
    // Never called by the program: the method is the package's API, and any caller races with the other side.
    if (!ws.length) return [undefined, undefined];
    // Called only from the other side's own root, which runs once: the two are one goroutine.
    const apart = ws.find((c) => (c.root.multi || !sameStart(c.root.at, other.root.start?.range)) && binaries.together(c.root, other.root.start?.range));
    if (!apart) return 'drop';
    return ax ? [apart, undefined] : [undefined, apart];
  }
  // Both sides assumed (two exported methods, or one racing with itself): the program's roots must make them
  // concurrent, two different roots or one with many instances.
  const wx = reach(x.root.id!);
  const wy = x.root.id === y.root.id ? wx : reach(y.root.id!);
  for (const a of wx) for (const b of wy) if (a.root !== b.root && binaries.together(a.root, b.root)) return [a, b];
  const both = wx.find((a) => a.root.multi && wy.some((b) => b.root === a.root));
  return both ? [both, wy.find((b) => b.root === both.root)!] : 'drop';
}

/**
 * Which programs (`main` functions) run a root: those from which its spawner is reached through calls and goroutine
 * starts. Roots of different programs (promtool's main and the server's compaction goroutine) never share memory.
 * Unknown (undefined) for roots no main reaches: an init, a library's entry, a handler type served by a framework.
 */
class Binaries {
  private readonly memo = new Map<string, ReadonlySet<string> | undefined>();
  private readonly mains: ReadonlySet<string>;

  constructor(private readonly graph: CallGraph, private readonly roots: readonly Root[]) {
    this.mains = new Set(roots.filter((r) => r.kind === 'main').map((r) => r.func));
  }

  /** Whether two roots (or a root and where an engine root starts) can run in one program. */
  together(a: Root, b: Root | Range | undefined): boolean {
    const x = this.of(a);
    const y = b === undefined ? undefined : 'kind' in b ? this.of(b) : this.ofStart(b);
    return !x || !y || [...x].some((m) => y.has(m));
  }

  private ofStart(r: Range): ReadonlySet<string> | undefined {
    const at = this.roots.find((x) => sameStart(x.at, r));
    return at ? this.of(at) : undefined;
  }

  private of(r: Root): ReadonlySet<string> | undefined {
    if (r.kind === 'main') return new Set([r.func]);
    if (r.kind === 'init') return undefined;
    return this.reaching(r.spawner ?? r.func);
  }

  /** The mains from which `func` is reached over every kind of edge (backwards breadth first, memoised). */
  private reaching(func: string): ReadonlySet<string> | undefined {
    if (this.memo.has(func)) return this.memo.get(func);
    const found = new Set<string>();
    const seen = new Set([func]);
    let frontier = [func];
    while (frontier.length) {
      const next: string[] = [];
      for (const f of frontier) {
        if (this.mains.has(f)) found.add(f);
        for (const e of this.graph.in.get(f) ?? []) {
          if (seen.has(e.from)) continue;
          seen.add(e.from);
          next.push(e.from);
        }
      }
      frontier = next;
    }
    const out = found.size ? found : undefined;
    this.memo.set(func, out);
    return out;
  }
}

/** Whether a call-graph root starts where a witness root does (the same spawn site or declaration line). */
function sameStart(at: At, r: Range | undefined): boolean {
  return !!r && r.file === at.file && r.start.line === at.line;
}

function rootOf(graph: CallGraph, r: Root): WitnessRoot {
  const fn = graph.funcs.get(r.func);
  const start: RootStartKind = r.kind === 'goroutine' ? 'spawn' : r.kind === 'handler' && r.spawner ? 'registration' : 'declaration';
  const root: WitnessRoot = { kind: r.kind === 'goroutine' || r.kind === 'handler' ? r.kind : 'flow', label: r.label, multi: r.multi, id: r.func, start: { kind: start, range: toRange(r.at) } };
  if (fn && start === 'declaration') root.function = fn.name;
  if (r.multi) root.instances = r.kind === 'handler' ? 'in another request' : 'started in a loop';
  return root;
}

/**
 * A race of an access with itself names the other instance "in a concurrent call of M (declared at …)" when M was
 * an assumed root (analysis/races/describe.ts); once the program's roots replace it, the message names them.
 */
function selfRaceMessage(message: string, before: Witness, sides: readonly WitnessSide[], sameRoot: boolean): string {
  const old = before.sides[1].root;
  if (old.kind !== 'api' || !old.start || !sameSite(before.sides[0].access.range, before.sides[1].access.range)) return message;
  const phrase = `in a concurrent call of ${old.function ?? 'the method'} (declared at ${where(old.start.range)})`;
  const now = sides[1]!.root;
  const text = sameRoot ? `in another instance of ${rootRef(now)}` : `in ${rootRef(now)}`;
  return message.split(phrase).join(text);
}

const sameSite = (a: Range, b: Range) => a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column;

/** `calls store.(*Store).Put` across packages, `calls helper` within one. */
function calleeName(graph: CallGraph, from: string, to: string): string {
  const callee = graph.funcs.get(to);
  if (!callee) return to;
  return graph.funcs.get(from)?.pkg === callee.pkg ? callee.name : `${callee.pkgName}.${callee.name}`;
}
