// Goroutine roots of a call graph, and witnesses: the roots from which a function is reached, each with its call
// path. A root is where code starts running on a goroutine of its own: `main` and `init` (the main goroutine), the
// target of a `go` statement or of a spawning library call (one root per spawn site), and the `ServeHTTP` method
// of every handler type the program creates (net/http serves each request on its own goroutine).
import type { At, FuncId } from '../ir/types.js';
import type { CallGraph, Edge } from './types.js';

export type RootKind = 'main' | 'init' | 'goroutine' | 'handler';

export interface Root {
  kind: RootKind;
  func: FuncId;
  /** Where it starts: the spawn site, or the function's name for main, init and handlers. */
  at: At;
  /** The function that starts it (goroutines). */
  spawner?: FuncId;
  /** Several instances may run at once: spawned in a loop, or a handler. */
  multi: boolean;
  /** In words, as the witness of a finding names a root (`here` is where it starts): `goroutine started here (go w.run)`. */
  label: string;
}

/** A root and the calls from it to some function (empty when the function is the root's own). */
export interface Witness {
  root: Root;
  path: Edge[];
}

/** Handler registrations: their function argument serves requests, each on a goroutine of its own. */
const HANDLER_SPAWNS = /(^|\.)(HandleFunc|Handle|HandlerFunc)$/;

export function findRoots(g: CallGraph): Root[] {
  const roots: Root[] = [];
  for (const f of g.funcs.values()) {
    if (f.kind !== 'function' && !(f.kind === 'method' && f.id.endsWith('.ServeHTTP'))) continue;
    if (f.kind === 'method') roots.push({ kind: 'handler', func: f.id, at: f.nameAt, multi: true, label: `HTTP handler ${f.name}` });
    else if (f.pkgName === 'main' && f.name === 'main') roots.push({ kind: 'main', func: f.id, at: f.nameAt, multi: false, label: 'main' });
    else if (f.name === 'init') roots.push({ kind: 'init', func: f.id, at: f.nameAt, multi: false, label: 'init' });
  }
  for (const edges of g.out.values()) {
    for (const e of edges) {
      if (e.kind !== 'go' && e.kind !== 'spawn') continue;
      const handler = e.kind === 'spawn' && HANDLER_SPAWNS.test(e.text);
      // `go func() {…}()` is named by where it starts, not by the literal's text.
      const how = e.kind === 'spawn' ? e.text : e.text.startsWith('func') ? '' : `go ${e.text}`;
      roots.push({
        kind: handler ? 'handler' : 'goroutine',
        func: e.to,
        at: e.at,
        spawner: e.from,
        multi: handler || e.inLoop,
        label: `${handler ? 'handler registered' : 'goroutine started'} here${how || e.inLoop ? ` (${[how, e.inLoop ? 'in a loop' : ''].filter(Boolean).join(', ')})` : ''}`,
      });
    }
  }
  return roots;
}

export interface ReachOptions {
  /** Witnesses returned, at most. */
  maxRoots?: number;
  /** Calls in one path, at most. */
  maxDepth?: number;
}

/**
 * The roots from which `target` is reached through calls (and deferred calls), each with a shortest call path;
 * breadth first backwards from the target, so nearer roots come first.
 */
export function witnesses(g: CallGraph, roots: readonly Root[], target: FuncId, opts: ReachOptions = {}): Witness[] {
  const maxRoots = opts.maxRoots ?? 8;
  const maxDepth = opts.maxDepth ?? 16;
  const byFunc = new Map<FuncId, Root[]>();
  for (const r of roots) (byFunc.get(r.func) ?? byFunc.set(r.func, []).get(r.func)!).push(r);
  // next[f]: the edge from f one step closer to the target.
  const next = new Map<FuncId, Edge | undefined>([[target, undefined]]);
  const out: Witness[] = [];
  let frontier = [target];
  for (let depth = 0; frontier.length && out.length < maxRoots; depth++) {
    for (const f of frontier) {
      for (const r of byFunc.get(f) ?? []) {
        if (out.length < maxRoots) out.push({ root: r, path: pathFrom(f, next) });
      }
    }
    if (depth === maxDepth) break;
    const following: FuncId[] = [];
    for (const f of frontier) {
      for (const e of g.in.get(f) ?? []) {
        if ((e.kind !== 'call' && e.kind !== 'defer') || next.has(e.from)) continue;
        next.set(e.from, e);
        following.push(e.from);
      }
    }
    frontier = following;
  }
  return out;
}

function pathFrom(f: FuncId, next: Map<FuncId, Edge | undefined>): Edge[] {
  const path: Edge[] = [];
  for (let e = next.get(f); e; e = next.get(e.to)) path.push(e);
  return path;
}
