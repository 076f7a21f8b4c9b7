// Code only the tests run. A function whose every chain of callers ends in a `_test.go` file never runs in the
// built program: a race one of whose sides is there cannot crash it (issue 12, class 7: concurrency needs a
// witness, and a test is not one). A chain ends anywhere else, and the function may run, when it reaches a
// function nothing in the program calls that is not a test (`main`, `init`, a handler, an entry point of the
// package's API, a method a framework calls), or a method of a type the program hands to code outside it (which
// may call any of its methods), or when the walk is too long to finish.
import type { FuncId } from '../ir/types.js';
import type { CallGraph } from './types.js';

/** Functions visited backwards, at most, before the answer is "may run". */
const MAX_VISITS = 20_000;

export function isTestFile(file: string): boolean {
  return file.endsWith('_test.go');
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
