// Happens-before through channel hand-offs (issue 12, classes 1 and 2). A goroutine that acts only on what it
// receives runs after the send: its accesses after receives from a channel come after the first send on it. When
// only its spawner sends on that channel (a channel of the spawner's own), they come after everything the spawner
// did before that send: `for k := range m` over, then `ch <- k`. When the senders are other goroutines of the same
// spawner that send only after receiving from such a channel themselves (a pipeline: scan, fan out to workers,
// collect), the order carries through them.
import { type Access, type Storage, type Thread, ownsVar } from '../concurrency/threads.js';

/** A loop of the flow around a send: the accesses recorded before it, and its goroutines that outlive an iteration. */
export interface LoopAround {
  start: number;
  spawns: ReadonlySet<number>;
}

/**
 * A send (or close) on a channel: the number of accesses recorded before it, the loops around it (outermost
 * first), and what its path had received.
 */
interface Send {
  seq: number;
  loops: readonly LoopAround[];
  thread: Thread;
  ch: Storage;
  received: ReadonlySet<string> | undefined;
}

/** How many goroutine stages an order is carried through. */
const MAX_STAGES = 4;

export class HandOffs {
  /** Per flow and channel (`flow|key`): its first send by the flow's own thread. */
  private readonly firstSends = new Map<string, Send>();
  /** Goroutine accesses made after receives: the channels received from before each. */
  private readonly afterReceives = new Map<Access, ReadonlySet<string>>();
  /** Per channel key: the sends of goroutines, each with the channels received before it. */
  private readonly goroutineSends = new Map<string, Send[]>();

  /** `ch <- v` or `close(ch)` (not deferred) by a thread of `flow`; `seq`: the accesses before it. */
  sent(flow: number, ch: Storage, thread: Thread, received: ReadonlySet<string> | undefined, seq: number, loops: readonly LoopAround[]): void {
    const send = { seq, loops, thread, ch, received };
    if (thread.kind === 'goroutine') {
      const list = this.goroutineSends.get(ch.key) ?? [];
      if (list.length < 64) list.push(send);
      this.goroutineSends.set(ch.key, list);
    }
    const first = `${flow}|${ch.key}`;
    if (!this.firstSends.has(first)) this.firstSends.set(first, send);
  }

  /** A goroutine's access made after it received from these channels on its path. */
  received(a: Access, channels: ReadonlySet<string>): void {
    this.afterReceives.set(a, channels);
  }

  /** Gives each goroutine access made after receives its `orderedAfter`. */
  order(threads: readonly Thread[]): void {
    const senders = new Map<string, Thread[]>();
    for (const t of threads) for (const key of t.sends) senders.set(key, [...(senders.get(key) ?? []), t]);
    const memo = new Map<string, number>();
    for (const [a, received] of this.afterReceives) {
      const flow = a.thread.parentFlow;
      if (flow === undefined) continue;
      const seq = Math.max(0, ...[...received].map((key) => this.after(flow, key, a.thread, senders, memo, 0)));
      if (seq > 0) a.orderedAfter = { flow, seq };
    }
  }

  /**
   * The spawner flow's accesses before the first send on channel `key` can reach `receiver` (0: none known):
   * its own first send, or the earliest a goroutine of the same flow can send on it, after its own receives.
   */
  private after(flow: number, key: string, receiver: Thread, senders: Map<string, Thread[]>, memo: Map<string, number>, stage: number): number {
    const id = `${flow}|${key}|${receiver.id}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, 0);
    const first = this.firstSends.get(`${flow}|${key}`);
    let seq = Infinity;
    for (const t of senders.get(key) ?? []) {
      if (first && t === first.thread && own(first)) {
        seq = Math.min(seq, sentBefore(first, receiver));
        continue;
      }
      // Another sender: a goroutine of the same spawner, each of whose sends on it follows a hand-off.
      const sends = (this.goroutineSends.get(key) ?? []).filter((s) => s.thread === t);
      if (t.kind !== 'goroutine' || t.parentFlow !== flow || stage >= MAX_STAGES || !sends.length) return 0;
      for (const s of sends) {
        const before = Math.max(0, ...[...(s.received ?? [])].map((k) => this.after(flow, k, t, senders, memo, stage + 1)));
        if (before === 0) return 0;
        seq = Math.min(seq, before);
      }
    }
    const out = Number.isFinite(seq) ? seq : 0;
    memo.set(id, out);
    return out;
  }
}

/**
 * The accesses of the spawner that come before every send of `s` that `receiver` can get. In a loop, a later
 * iteration's accesses come after an earlier iteration's send, unless the receiver is one of the loop's own
 * goroutines and the loop leaves none running into the next iteration (each iteration has its own receiver).
 */
function sentBefore(s: Send, receiver: Thread): number {
  for (const loop of s.loops) {
    if (loop.spawns.size || !receiver.spawnLoops?.includes(loop.spawns)) return loop.start;
  }
  return s.seq;
}

/** A channel of the spawner's own: a local of a walk that runs once, or of one of its instances. */
function own(s: Send): boolean {
  return s.ch.id.k === 'local' && (!s.thread.multi || ownsVar(s.thread, s.ch.id.uid));
}
