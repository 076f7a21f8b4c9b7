// Locks: which lock an expression denotes (a field, an embedded mutex, a sync.Cond's L, a `*sync.Mutex` field
// pointed at another struct's mutex), locks handed back to the caller, and the call sites that hold a lock.
import type { Node } from '../../go/parser.js';
import type { FuncDecl } from '../../go/package.js';
import { LOCK_METHODS } from '../../go/vocab.js';
import { type GoType, deref, isMutex } from '../../go/types.js';
import { type Frame, type LockUse, Scope, lockUse } from './scope.js';
import { keyOwner, keyString } from './storage-key.js';
import { CacheObjects } from './cache-objects.js';

export abstract class LockModel extends CacheObjects {
  /** A struct whose map fields are accessed under one of its own locks is meant for concurrent use. */
  protected isGuardedType(type: string): boolean {
    for (const l of this.guardedLocksByOwner.get(type) ?? []) if (keyOwner(this.lockIds.get(l)) === type) return true;
    return false;
  }

  /** `&T{mu: &t.mu}`: T's `*sync.Mutex` field is t's mutex, whoever locks it through T. */
  protected mutexPointers(t: GoType, lit: Node, scope: Scope, f: Frame): void {
    const decl = t.k === 'named' && this.types.isOwn(t) ? this.pkg.types.get(t.name) : undefined;
    if (decl?.k !== 'struct' || t.k !== 'named') return;
    for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') continue;
      const key = el.childForFieldName('key')?.text;
      const field = decl.fields.find((x) => x.name === key);
      const value = el.childForFieldName('value')?.namedChild(0);
      if (!field || field.type.k !== 'ptr' || !isMutex(field.type) || value?.type !== 'unary_expression' || value.childForFieldName('operator')?.text !== '&') continue;
      const target = this.storageOf(value.childForFieldName('operand'), scope, f, true);
      if (!target) continue;
      // Pointed at different mutexes in different literals: not one mutex, no alias.
      const alias = keyString({ k: 'field', owner: this.types.ownOwner(t.name), field: field.name });
      this.lockAliases.set(alias, this.lockAliases.has(alias) && this.lockAliases.get(alias) !== target.key ? alias : target.key);
      if (!this.lockNames.has(target.key)) this.lockNames.set(target.key, value.text.slice(1));
      this.lockIds.set(target.key, target.id);
    }
  }

  /** `return ..., x.mu.Unlock, ...` with x.mu held: the caller holds it after the call. */
  protected returnedUnlocks(ret: Node, scope: Scope, f: Frame): void {
    const values = ret.namedChildren.flatMap((c) => (c?.type === 'expression_list' ? c.namedChildren : [c]));
    for (const v of values) {
      if (v?.type !== 'selector_expression') continue;
      const op = v.childForFieldName('field')?.text;
      if (op !== 'Unlock' && op !== 'RUnlock') continue;
      const lock = this.lockOf(v.childForFieldName('operand'), scope, f);
      const mode = lock && f.locks.get(lock.key);
      if (mode) f.returnedLocks?.set(lock.key, mode);
    }
  }

  /** Per method: how many call sites hold one of its receiver type's locks, and how many do not. */
  protected readonly callSites = new Map<string, { locked: number; unlocked: number }>();

  /**
   * Counts a call of a method with or without a lock held: the receiver's own, or a lock of a struct the receiver
   * is part of (`s.locks[i].Lock(); s.hashes[i].Set(...)`, a stripe of a container that locks for its parts).
   */
  protected noteCallSite(fn: FuncDecl, callee: Node, scope: Scope, f: Frame): void {
    if (!fn.recvType) return;
    const id = this.fnId(fn);
    const c = this.callSites.get(id) ?? { locked: 0, unlocked: 0 };
    this.callSites.set(id, c);
    if (f.locks.size === 0) {
      c.unlocked++;
      return;
    }
    const owners = new Set([fn.recvType]);
    for (let x = callee.type === 'selector_expression' ? callee.childForFieldName('operand') : null; x; ) {
      const t = deref(this.typer.typeOf(x, scope, f));
      if (t.k === 'named' && this.types.isOwn(t)) owners.add(t.name);
      x = x.type === 'selector_expression' || x.type === 'index_expression' ? x.childForFieldName('operand') : x.type === 'parenthesized_expression' ? x.namedChild(0) : null;
    }
    // The container's locks may be of a type of their own (`locks []stripeLock`, each embedding a RWMutex).
    for (const o of [...owners]) {
      const t = this.pkg.types.get(o);
      if (t?.k !== 'struct') continue;
      for (const field of t.fields) {
        let ft = field.type;
        while (ft.k === 'ptr' || ft.k === 'slice') ft = ft.elem;
        if (ft.k === 'named' && this.types.isOwn(ft)) owners.add(ft.name);
      }
    }
    if ([...f.locks.keys()].some((k) => owners.has(this.types.ownTypeName(keyOwner(this.lockIds.get(k))) ?? ''))) c.locked++;
    else c.unlocked++;
  }

  /** A method every caller in the package calls with the receiver's lock held (e.g. `fooLocked`). */
  protected calledOnlyLocked(fn: FuncDecl): boolean {
    const c = this.callSites.get(fn.key);
    return !!c && c.locked > 0 && c.unlocked === 0;
  }

  /** `s.cond = sync.NewCond(&s.mu)`: `s.cond.L` is `s.mu`. */
  protected readonly condLocks = new Map<string, LockUse>();

  protected noteCond(target: Node, value: Node, scope: Scope, f: Frame): void {
    if (value.type !== 'call_expression') return;
    const fn = value.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'NewCond') return;
    if (this.typer.packageOf(fn.childForFieldName('operand'), scope, f) !== 'sync') return;
    const arg = value.childForFieldName('arguments')?.namedChild(0);
    const cond = this.storageOf(target, scope, f, true);
    const mu = this.storageOf(arg, scope, f, true);
    if (cond && mu && arg) this.condLocks.set(cond.key, { key: mu.key, id: mu.id, display: arg.text.replace(/^&/, '') });
  }

  protected lockOp(call: Node, scope: Scope, f: Frame): (LockUse & { op: string }) | undefined {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') return undefined;
    const op = fn.childForFieldName('field')?.text ?? '';
    if (!LOCK_METHODS.has(op)) return undefined;
    if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) !== 0) return undefined;
    const lock = this.lockOf(fn.childForFieldName('operand'), scope, f);
    return lock && { op, ...lock };
  }

  /** The lock an expression denotes: `c.mu`, `c` with an embedded mutex, a sync.Cond's `L`. */
  protected lockOf(operand: Node | null, scope: Scope, f: Frame): LockUse | undefined {
    if (!operand) return undefined;
    if (operand.type === 'selector_expression' && operand.childForFieldName('field')?.text === 'L') {
      const cond = this.storageOf(operand.childForFieldName('operand'), scope, f, true);
      const mu = cond && this.condLocks.get(cond.key);
      if (mu) return mu;
    }
    // An embedded mutex: `c.Lock()` locks the struct's Mutex field.
    const emb = this.types.embeddedMutex(deref(this.typer.typeOf(operand, scope, f)));
    if (emb) return lockUse({ k: 'field', owner: emb.owner, field: emb.field }, `${operand.text}.${emb.field}`);
    const s = this.storageOf(operand, scope, f, true);
    return lockUse(s?.id ?? { k: 'text', text: operand.text }, operand.text);
  }
}
