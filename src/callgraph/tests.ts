// Code only the tests run. A function whose every chain of callers ends in a `_test.go` file never runs in the
// built program: a race one of whose sides is there cannot crash it (issue 12, class 7: concurrency needs a
// witness, and a test is not one). A chain ends anywhere else, and the function may run, when it reaches a
// function nothing in the program calls that is not a test (`main`, `init`, a handler, an entry point of the
// package's API, a method a framework calls), or a method of a type the program hands to code outside it (which
// may call any of its methods), or a function with the name of a call the front end could not resolve, or when the
// walk is too long to finish.
import type { FuncId } from '../ir/types.js';
import type { CallGraph, CGFunc } from './types.js';

/** Functions visited backwards, at most, before the answer is "may run". */
const MAX_VISITS = 20_000;

export function isTestFile(file: string): boolean {
  return file.endsWith('_test.go');
}

/** A call the front end could not resolve may run the function: a method of that name, or a function of that name. */
export function unresolvedCall(g: CallGraph, f: CGFunc): boolean {
  return g.unresolvedNames.has(f.name.replace(/^.*\./, ''));
}

/**
 * Whether only tests reach `target`: it has callers, and every backward chain of calls, `go` statements and
 * deferred calls from it ends in a test file. A function nothing calls is not "only tests" (it is the package's API).
 */
export function onlyTestsReach(g: CallGraph, target: FuncId): boolean {
  const seen = new Set<FuncId>([target]);
  const stack = [target];
  let tests = 0;
  while (stack.length) {
    const f = stack.pop()!;
    const fn = g.funcs.get(f);
    if (!fn) return false;
    if (f !== target && isTestFile(fn.nameAt.file)) {
      tests++;
      continue;
    }
    if (fn.recvType && g.handedOut.has(fn.recvType)) return false;
    if (unresolvedCall(g, fn)) return false;
    const callers = g.in.get(f) ?? [];
    if (!callers.length) return false;
    for (const e of callers) {
      if (seen.has(e.from)) continue;
      if (seen.size >= MAX_VISITS) return false;
      seen.add(e.from);
      stack.push(e.from);
    }
  }
  return tests > 0;
}

/**
 * Call sites that run only when an unexported bool field is true which only tests can make true (an option
 * `WithGCImmediately` that only tests pass): `file:line:column` of each. A field some function of the program
 * may set (assign anything but `false`, take its address, fill it in a literal, positional ones included) is
 * left alone; so is one nothing sets (its zero value may come from where the front end does not see).
 */
export function sitesOnlyTestsEnable(g: CallGraph): Set<string> {
  const memo = new Map<FuncId, boolean>();
  const tests = (f: FuncId): boolean => {
    if (memo.has(f)) return memo.get(f)!;
    memo.set(f, false);
    const fn = g.funcs.get(f);
    // A func literal exists only once the function it is written in runs (`return func(t *T) { t.gc = true }`).
    const out = !!fn && (isTestFile(fn.nameAt.file) || onlyTestsReach(g, f) || (!!fn.parent && tests(fn.parent)));
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
