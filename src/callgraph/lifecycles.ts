// Code that only a serial framework's lifecycle runs (analysis/frameworks.ts, SerialLifecycle): the OpenTelemetry
// Collector calls every component's Start, then every Shutdown, on one goroutine; Telegraf calls one input's
// Start, Gather and Stop, and one output's Connect, Write and Close, one after another. Two accesses that every chain of calls reaches from such lifecycle
// methods, and never through a goroutine, run one after the other: not a race (issue 12, class 8).
import { type SerialLifecycle, serialLifecycle } from '../analysis/frameworks.js';
import type { FuncId } from '../ir/types.js';
import { isTestFile } from '../go/header.js';
import { shortName, unresolvedCall } from './unreached.js';
import type { CallGraph, CGFunc } from './types.js';

/** Functions visited backwards from one, at most, before the answer is "not only the lifecycle". */
const MAX_VISITS = 5_000;

/** The lifecycle every chain of calls to a function starts at, and the types whose methods those are. */
interface Reached {
  life: SerialLifecycle;
  types: ReadonlySet<string>;
}

export class Lifecycles {
  /** Types a serial framework runs (one of their methods marks them), `<import path>.T`. */
  private readonly runBy = new Map<string, SerialLifecycle>();
  private readonly memo = new Map<FuncId, Reached | undefined>();

  constructor(private readonly g: CallGraph) {
    for (const f of g.funcs.values()) {
      const life = f.lifecycle ? serialLifecycle(f.lifecycle) : undefined;
      if (life && f.recvType) this.runBy.set(f.recvType, life);
    }
  }

  /** Whether the framework runs the functions `a` and `b` (each racing side's root) one after the other. */
  serial(a: FuncId, b: FuncId): boolean {
    if (!this.runBy.size) return false;
    const x = this.reached(a);
    const y = this.reached(b);
    if (!x || !y || x.life !== y.life) return false;
    if (x.life.scope === 'program') return true;
    // One value's lifecycle is ordered; two values of a type may run at once, so both sides must be one type's.
    return x.types.size === 1 && y.types.size === 1 && [...x.types][0] === [...y.types][0];
  }

  private lifecycleOf(f: CGFunc): SerialLifecycle | undefined {
    const life = f.recvType ? this.runBy.get(f.recvType) : undefined;
    return life?.methods.has(shortName(f)) ? life : undefined;
  }

  private reached(id: FuncId): Reached | undefined {
    if (this.memo.has(id)) return this.memo.get(id);
    const out = this.walk(id);
    this.memo.set(id, out);
    return out;
  }

  /** Backwards over calls and deferred calls; a goroutine, an entry point or code outside ends the search. */
  private walk(id: FuncId): Reached | undefined {
    let life: SerialLifecycle | undefined;
    const types = new Set<string>();
    const seen = new Set([id]);
    const stack = [id];
    while (stack.length) {
      const f = this.g.funcs.get(stack.pop()!);
      if (!f) return undefined;
      const l = this.lifecycleOf(f);
      if (l) {
        if (life && life !== l) return undefined;
        life = l;
        types.add(f.recvType!);
        continue;
      }
      if (f.id !== id && isTestFile(f.nameAt.file)) continue;
      // Code outside may call any method of a type handed to it; the framework calls only the lifecycle.
      if (f.recvType && this.g.handedOut.has(f.recvType) && !this.runBy.has(f.recvType)) return undefined;
      if (unresolvedCall(this.g, f)) return undefined;
      const callers = this.g.in.get(f.id) ?? [];
      if (!callers.length) return undefined;
      for (const e of callers) {
        if (e.kind === 'go' || e.kind === 'spawn') return undefined;
        if (seen.has(e.from)) continue;
        if (seen.size >= MAX_VISITS) return undefined;
        seen.add(e.from);
        stack.push(e.from);
      }
    }
    return life ? { life, types } : undefined;
  }
}
