// Goroutines: starting a thread at a spawn site, tying loop spawns to their placeholders, joins (Wait) and
// channel receives that end a goroutine.
import type { Node } from '../../go/parser.js';
import type { FuncDecl, PkgFile } from '../../go/package.js';
import { deref, typeFromNode } from '../../go/types.js';
import { type Flow, type Frame, Scope, type SpawnOptions } from './scope.js';
import { rangeOf } from './syntax.js';
import type { Thread } from './threads.js';
import { CallModel } from './calls.js';

export abstract class SpawnModel extends CallModel {

  protected spawnId(file: PkgFile, site: Node): number {
    const key = `${file.rel}:${site.startIndex}`;
    let id = this.spawnIds.get(key);
    if (id === undefined) {
      id = -(this.spawnIds.size + 1);
      this.spawnIds.set(key, id);
    }
    return id;
  }

  /**
   * Starts `target` (a func literal, a function or method name, a method value, a variable holding a
   * literal) as a new thread. `call` is the go statement's call (its arguments are passed to the target).
   */
  protected spawn(target: Node | FuncDecl | null, call: Node | undefined, site: Node, scope: Scope, f: Frame, kind: 'goroutine' | 'handler', label: string, opts: SpawnOptions = {}): void {
    const { sameAs, sharedArgs, concurrent = false } = opts;
    if (!target) return;
    let t = 'key' in target ? undefined : target;
    while (t?.type === 'parenthesized_expression' && t.namedChild(0)) t = t.namedChild(0)!;
    const resolved = !t || t.type === 'func_literal' ? undefined : call ? this.resolveCall(call, scope, f) : this.resolveFuncValue(t, scope, f);
    // A closure that starts or schedules itself (`time.AfterFunc(d, retry)` inside retry, `go f(n-1)`) is
    // walked once, as a closure that calls itself: its copies run the same code.
    const lit = t?.type === 'func_literal' ? t : resolved?.lit;
    const spawnKey = lit && `spawn:${lit.id}`;
    if (spawnKey && f.visiting.has(spawnKey)) return;
    const inLoop = f.loopDepth > 0;
    const multi = kind === 'handler' || inLoop || f.thread.multi || concurrent;
    const thread = this.newThread(kind, multi, label, rangeOf(f.file, site));
    // Tie the thread to the placeholder id loops use, so accesses before it in the loop see it.
    const placeholder = this.spawnId(f.file, site);
    // Callbacks of one registration (`sameAs`, e.g. an informer's handler funcs) run on one goroutine.
    if (kind === 'goroutine') thread.spawnKey = `${f.file.rel}:${(sameAs ?? site).startIndex}`;
    const ids = this.placeholders.get(placeholder) ?? [];
    ids.push(thread.id);
    this.placeholders.set(placeholder, ids);
    for (const set of f.flow.loopSpawns) {
      if (set.has(placeholder)) set.add(thread.id);
    }
    thread.parentFlow = f.flow.id;
    thread.epoch = f.flow.epoch;
    const fresh = 'key' in target ? undefined : this.freshReceiverType(call?.childForFieldName('function') ?? target, scope, f);
    if (fresh) thread.freshType = fresh;
    // Variables declared inside the innermost loop belong to one iteration, hence to one goroutine.
    const loopScope = f.loopScopes[f.loopScopes.length - 1];
    if (loopScope) {
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        for (const v of s.vars.values()) thread.instanceLocal.add(v.uid);
        if (s === loopScope) break;
      }
    }
    const visiting = new Set(f.visiting);
    if (spawnKey) visiting.add(spawnKey);
    const g: Frame = this.frame(f.file, f.func, thread, this.newFlow(), new Map(), f.depth, f.path, visiting);
    if ('key' in target) {
      // A method the framework calls (a registered handler object's OnAdd, a runnable's Start).
      this.callbacks.add(target);
      this.follow(target, undefined, [], site, scope, { ...g, depth: Math.max(0, f.depth - 1) }, sharedArgs);
      return this.afterSpawn(g, thread, f, kind);
    }
    const args = call?.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a) ?? [];
    if (t?.type === 'func_literal') {
      const inner = new Scope(scope);
      const params = t.childForFieldName('parameters')?.namedChildren ?? [];
      let i = 0;
      for (const p of params) {
        if (!p) continue;
        const type = typeFromNode(p.childForFieldName('type'), f.file.resolve);
        for (const n of p.childrenForFieldName('name')) {
          if (!n) continue;
          const arg = args[i++];
          const v = this.newVar(g, type);
          const s = arg && this.typer.isMapLike(type) ? this.storageOf(arg, scope, f) : undefined;
          if (s) v.alias = s;
          if (sharedArgs) v.shared = sharedArgs;
          inner.vars.set(n.text, v);
        }
      }
      this.walkBody(t.childForFieldName('body')!, inner, g);
    } else if (resolved?.lit) {
      const inner = new Scope(resolved.litScope ?? scope);
      this.walkBody(resolved.lit.childForFieldName('body')!, inner, resolved.litFile ? { ...g, file: resolved.litFile } : g);
    } else if (resolved?.fn) {
      this.follow(resolved.fn, resolved.recv, args, call ?? site, scope, { ...g, depth: Math.max(0, f.depth - 1) }, sharedArgs);
    }
    this.afterSpawn(g, thread, f, kind);
  }

  protected afterSpawn(g: Frame, thread: Thread, f: Frame, kind: 'goroutine' | 'handler'): void {
    this.scopeJoined(g.flow, thread);
    if (kind === 'goroutine') {
      // Goroutines it started and did not wait for outlive it: whoever waits for the spawner's flow (an
      // errgroup shared by nested Go calls) waits for them too.
      for (const id of g.flow.active) this.startIn(f.flow, id);
      this.startIn(f.flow, thread.id);
    }
  }

  protected startIn(flow: Flow, id: number): void {
    flow.active.add(id);
    flow.started.add(id);
  }

  /** `go x.run()` where x holds an object made in this function: the type whose fields are per-instance. */
  protected freshReceiverType(fn: Node | null, scope: Scope, f: Frame): string | undefined {
    if (fn?.type !== 'selector_expression') return undefined;
    const x = fn.childForFieldName('operand');
    if (x?.type !== 'identifier' || !scope.lookup(x.text)?.fresh) return undefined;
    // In a loop, the object is per goroutine only when it is made in the iteration (not shared by all of them).
    const loopScope = f.loopScopes[f.loopScopes.length - 1];
    if (loopScope && f.loopDepth > 0) {
      let own = false;
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        if (s.vars.has(x.text)) {
          own = true;
          break;
        }
        if (s === loopScope) break;
      }
      if (!own) return undefined;
    }
    const t = deref(this.typer.typeOf(x, scope, f));
    return t.k === 'named' && this.types.isOwn(t) ? this.types.ownOwner(t.name) : t.k === 'named' ? `${t.pkg}.${t.name}` : undefined;
  }

  protected join(f: Frame): void {
    f.flow.active.clear();
    f.flow.epoch++;
  }

  protected receive(chan: Node | null, scope: Scope, f: Frame): void {
    const ch = this.storageOf(chan, scope, f);
    if (!ch) return;
    for (const id of [...f.flow.active]) {
      const t = this.threads[id - 1];
      if (t?.sends.has(ch.key)) f.flow.active.delete(id);
    }
  }
}
