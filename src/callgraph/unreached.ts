// Code that never runs in the built program, so that a race one of whose sides is there cannot crash it (issue 12,
// class 7: concurrency needs a witness). Backwards from a function, every chain of callers must end at:
// - a function in a `_test.go` file (the tests run it, not the program);
// - or a function nothing calls, in a module that has a `main` package (an application: nothing outside the
//   module imports its packages, so an exported method nothing calls is dead code, argo-cd's `MaxLoad`).
// A chain ends anywhere else, and the function may run, at `main` or `init`, at a function nothing calls in a
// library module (its API), at a method of a type the program hands to code outside it (which may call any of its
// methods), at a function the program takes as a value or a func literal that no call was found to run, at a
// function with the name of a call the front end could not resolve (for an interface call no created type
// implements: a method of a type that has the interface's every method), or when the walk is too long to finish.
import { isTestFile } from '../go/header.js';
import type { FuncId } from '../ir/types.js';
import type { CallGraph, CGFunc, Edge } from './types.js';

/** Functions visited backwards, at most, before the answer is "may run". */
const MAX_VISITS = 20_000;

/**
 * A call the front end could not resolve may run the function: one of unknown callee, a method or function of that
 * name; an interface call, a method of that name of a type with every method of the interface (declared on the
 * type: methods promoted from embedded fields are not known here, as for dispatch).
 */
export function unresolvedCall(g: CallGraph, f: CGFunc): boolean {
  const name = shortName(f);
  if (g.unresolvedNames.has(name)) return true;
  const sets = g.unresolvedSets.get(name);
  if (!sets || !f.recvType) return false;
  const own = methodNames(g).get(f.recvType);
  return sets.some((set) => set.every((m) => own?.has(m)));
}

const methodMemo = new WeakMap<CallGraph, Map<string, Set<string>>>();

/** Per receiver type (`<import path>.T`), the names of its declared methods. */
function methodNames(g: CallGraph): Map<string, Set<string>> {
  let out = methodMemo.get(g);
  if (out) return out;
  out = new Map();
  for (const f of g.funcs.values()) if (f.recvType) (out.get(f.recvType) ?? out.set(f.recvType, new Set()).get(f.recvType)!).add(shortName(f));
  methodMemo.set(g, out);
  return out;
}

/** A function's or method's own name: `Get` of `(*Cache).Get`. */
export const shortName = (f: CGFunc) => f.name.replace(/^.*\./, '');

/**
 * The packages of application modules: modules (by path) of which some package is `main` with a `main` function.
 * A package belongs to the module with the longest path that prefixes its import path.
 */
export function applicationPackages(g: CallGraph, modulePaths: readonly string[]): (pkg: string) => boolean {
  const sorted = [...modulePaths].filter(Boolean).sort((a, b) => b.length - a.length);
  const moduleOf = (pkg: string) => sorted.find((m) => pkg === m || pkg.startsWith(`${m}/`));
  const apps = new Set<string>();
  for (const f of g.funcs.values()) {
    const m = f.kind === 'function' && f.pkgName === 'main' && f.name === 'main' ? moduleOf(f.pkg) : undefined;
    if (m) apps.add(m);
  }
  return (pkg) => {
    const m = moduleOf(pkg);
    return !!m && apps.has(m);
  };
}

/**
 * Whether `target` never runs in the built program: every chain of callers to it ends in tests or dead code. Depth
 * first: callers that call each other in a cycle (a decorator that calls the next one through an interface) are
 * callers the graph may not know how the program enters, so a cycle means "may run"; so does a dead entry whose
 * name some call of the program's code uses (a call resolved to another function may be this one's).
 */
export function neverRuns(g: CallGraph, target: FuncId, inApplication: (pkg: string) => boolean): boolean {
  const state = new Map<FuncId, 'open' | 'done'>();
  const stack: { f: FuncId; callers: readonly Edge[]; next: number }[] = [];
  let ends = 0;
  let visits = 0;
  /** Enters `f`: false when it may run; undefined when the search goes on. */
  const enter = (f: FuncId): boolean | undefined => {
    const fn = g.funcs.get(f);
    if (!fn || ++visits > MAX_VISITS) return false;
    if (f !== target && isTestFile(fn.nameAt.file)) {
      ends++;
      state.set(f, 'done');
      return undefined;
    }
    // `main` and `init` run, whoever else calls them (a TestMain that calls main).
    const entry = fn.kind === 'function' && (fn.name === 'init' || (fn.name === 'main' && fn.pkgName === 'main'));
    if (entry || (fn.recvType && g.handedOut.has(fn.recvType)) || unresolvedCall(g, fn)) return false;
    const callers = g.in.get(f) ?? [];
    if (!callers.length) {
      // A func literal is written to be called: nothing found to call it means a call the graph does not know.
      if (fn.kind === 'literal' || g.taken.has(f) || isTestFile(fn.nameAt.file) || !inApplication(fn.pkg) || g.calledNames.has(shortName(fn))) return false;
      ends++;
      state.set(f, 'done');
      return undefined;
    }
    state.set(f, 'open');
    stack.push({ f, callers, next: 0 });
    return undefined;
  };
  if (enter(target) === false) return false;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const e = top.callers[top.next++];
    if (!e) {
      state.set(top.f, 'done');
      stack.pop();
      continue;
    }
    const s = state.get(e.from);
    if (s === 'open') return false;
    if (s === 'done') continue;
    if (enter(e.from) === false) return false;
  }
  return ends > 0;
}

/**
 * Call sites that run only when an unexported bool field is true which only tests can make true (an option
 * `WithGCImmediately` that only tests pass): `file:line:column` of each. A field some function of the program
 * may set (assign anything but `false`, take its address, fill it in a literal, positional ones included) is
 * left alone; so is one nothing sets (its zero value may come from where the front end does not see).
 */
export function sitesOnlyTestsEnable(g: CallGraph, inApplication: (pkg: string) => boolean): Set<string> {
  const memo = new Map<FuncId, boolean>();
  const tests = (f: FuncId): boolean => {
    if (memo.has(f)) return memo.get(f)!;
    memo.set(f, false);
    const fn = g.funcs.get(f);
    // A func literal exists only once the function it is written in runs (`return func(t *T) { t.gc = true }`).
    const out = !!fn && (isTestFile(fn.nameAt.file) || neverRuns(g, f, inApplication) || (!!fn.parent && tests(fn.parent)));
    memo.set(f, out);
    return out;
  };
  const off = new Map<string, boolean>();
  const onlyTestsSet = (field: string): boolean => {
    if (off.has(field)) return off.get(field)!;
    const owner = field.slice(0, field.lastIndexOf('.'));
    const setters = [...(g.setters.get(field) ?? []), ...(g.setters.get(`${owner}.*`) ?? [])];
    const out = !!g.setters.get(field)?.length && setters.every(tests);
    off.set(field, out);
    return out;
  };
  const sites = new Set<string>();
  for (const edges of g.out.values()) {
    for (const e of edges) if (e.guards?.some(onlyTestsSet)) sites.add(`${e.at.file}:${e.at.line}:${e.at.column}`);
  }
  return sites;
}
