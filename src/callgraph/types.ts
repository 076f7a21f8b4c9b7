// The whole program's call graph, built from the IR of every package (build.ts): which functions a call, a `go`
// statement, a `defer` or a spawning library call (`g.Go(f)`, `time.AfterFunc(d, f)`, `mux.HandleFunc(p, h)`)
// may run, through static calls, closures, interface dispatch to the types the program creates and function
// values (variables, parameters, struct fields, results); and the goroutine roots (roots.ts) with the call path
// from a root to any function, the witness that the function runs on that goroutine.
import type { At, FuncId } from '../ir/types.js';
import type { Objects } from './objects.js';

export interface CGFunc {
  id: FuncId;
  /** Go's notation: `F`, `(*T).M`, `F.func1`. */
  name: string;
  /** Import path of the package ('' outside a module: then `dir`). */
  pkg: string;
  dir: string;
  /** Name of the package (`main`). */
  pkgName: string;
  kind: 'function' | 'method' | 'literal';
  exported: boolean;
  nameAt: At;
  /** For methods: the receiver's type, `<import path>.T`. */
  recvType?: string;
  /** For literals: the function they are written in. */
  parent?: FuncId;
  /** A method that marks its type as run by a framework that calls its lifecycle one step at a time. */
  lifecycle?: string;
}

/**
 * How a function reaches another: `call` (a call, or a callback a library function runs before it returns),
 * `defer` (when the caller returns), `go` (a new goroutine), `spawn` (a library call that runs the function on a
 * goroutine of its own: errgroup's and WaitGroup's `Go`, `time.AfterFunc`, HTTP handler registration).
 */
export type EdgeKind = 'call' | 'defer' | 'go' | 'spawn';

/** How the callee was found. */
export type EdgeVia = 'static' | 'closure' | 'interface' | 'value';

export interface Edge {
  from: FuncId;
  to: FuncId;
  kind: EdgeKind;
  via: EdgeVia;
  at: At;
  /** The function expression as written (`go w.run`: `w.run`; `g.Go(f)`: `g.Go`). */
  text: string;
  /** The call is inside a loop of its function (a `go` in a loop starts many goroutines). */
  inLoop: boolean;
  /** Unexported bool fields that are true whenever the call runs, `<import path>.T.f`. */
  guards?: string[];
}

export interface CallGraph {
  funcs: Map<FuncId, CGFunc>;
  /** Outgoing edges by caller, in program order. */
  out: Map<FuncId, Edge[]>;
  /** Incoming edges by callee. */
  in: Map<FuncId, Edge[]>;
  /** Calls whose callee could not be resolved to a function of the program (by callee kind). */
  unresolved: { interface: number; value: number };
  /**
   * Names of calls resolved to no function of the program whose callee is not known at all (a method of a value of
   * unknown type, an interface whose methods are unknown): they may call any function of that name.
   */
  unresolvedNames: ReadonlySet<string>;
  /**
   * Method names of interface calls that no created type implements, with the interfaces' method sets (as far as
   * the declarations are known): they may call a method of that name of a type that has every method of a set.
   */
  unresolvedSets: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Names the program's code (not its tests) calls functions and methods by, resolved or not. */
  calledNames: ReadonlySet<string>;
  /** Named types whose values the program hands to code outside it, which may call any of their methods. */
  handedOut: ReadonlySet<string>;
  /** Functions the program takes as values (a func value, a method value): a call through one may run them. */
  taken: ReadonlySet<FuncId>;
  /** Unexported bool fields, `<import path>.T.f`, and the functions that may make them true. */
  setters: ReadonlyMap<string, readonly FuncId[]>;
  /** Which objects methods run on (objects.ts); absent for graphs not solved from facts. */
  objects?: Objects;
}
