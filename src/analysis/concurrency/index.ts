// The `concurrency` pass: walks every function of the package as an abstract interpreter (walker.ts) and
// returns the threads, map accesses and lock names it found, for the race pairing and the checks.
import { extractFacts } from '../../callgraph/extract.js';
import type { Analyzer } from '../analyzer.js';
import type { ConcurrencyFacts } from './facts.js';
import { FlowInterpreter } from '../flow/roots.js';

export { type ConcurrencyFacts, type SharedSource, type SharedWrite, lockName } from './facts.js';
export { FlowInterpreter } from '../flow/roots.js';

export const concurrency: Analyzer<ConcurrencyFacts> = {
  name: 'concurrency',
  doc: 'threads (goroutines, handlers, concurrent API calls, flows), the map accesses they make and the locks they hold',
  requires: [],
  run(pass) {
    const walker = new FlowInterpreter(pass.pkg, pass.library, pass.types, pass.program, pass.modules);
    walker.run();
    pass.exportCallGraph?.(extractFacts(walker.ownPackage()));
    if (process.env.MAPRACE_DEBUG_THREADS) {
      for (const t of walker.allThreads()) if (t.kind !== 'flow') process.stderr.write(`${pass.pkg.dir}: ${t.kind}${t.multi ? '*' : ''} ${t.label}\n`);
      // `=2`: every access too (storage key, kind, line, thread, object, call path).
      if (process.env.MAPRACE_DEBUG_THREADS === '2') {
        for (const a of walker.accesses) process.stderr.write(`  ${a.storage.key} ${a.kind} ${a.range.start.line} t${a.thread.id} ${a.storage.object?.id ?? ''} ${a.path.map((p) => p.message).join(' > ')}\n`);
      }
    }
    if (walker.truncated.steps) pass.truncated('steps', walker.truncated.steps);
    if (walker.truncated.depth) pass.truncated('depth', walker.truncated.depth);
    if (walker.truncated.packages) pass.truncated('packages', walker.truncated.packages);
    if (walker.truncated.dispatch) pass.truncated('dispatch', walker.truncated.dispatch);
    return { threads: walker.allThreads(), accesses: walker.accesses, lockNames: walker.lockNames, sharedWrites: walker.sharedWrites, truncated: walker.truncated };
  },
};
