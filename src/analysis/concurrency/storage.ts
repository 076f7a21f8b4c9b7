// Storage: which map an expression denotes (a local, a struct field, a package variable, an element of one) and
// the recording of map accesses with the thread, locks and concurrent goroutines at that point.
import type { AccessKind } from '../../model.js';
import type { Node } from '../../go/parser.js';
import { type GoType, deref } from '../../go/types.js';
import { type Frame, Scope } from './scope.js';
import { isNewMap, rangeOf } from './syntax.js';
import { keyOwner, throughField } from './storage-key.js';
import { type Storage, storage } from './threads.js';
import { WalkerState } from './state.js';

export abstract class StorageModel extends WalkerState {
  protected abstract sharedWrite(target: Node, at: Node, scope: Scope, f: Frame): boolean;
  protected abstract walkExpr(node: Node | null | undefined, scope: Scope, f: Frame): void;

  /** The variable uid that owns the object `node` points to, when one instance of this thread made it. */
  protected ownerOf(node: Node, scope: Scope, f: Frame): string | undefined {
    if (node.type !== 'identifier' || f.thread.kind === 'flow') return undefined;
    const v = scope.lookup(node.text);
    if (!v) return undefined;
    return v.owner ?? (v.fresh && f.thread.instanceLocal.has(v.uid) ? v.uid : undefined);
  }

  /**
   * `x.F = value` on a local object: later `x.F` is the map `value` refers to (a reference copied out of another
   * object: writes through it reach that object), or x's own map when `value` makes a new one.
   */
  protected repointField(l: Node, value: Node, scope: Scope, f: Frame): void {
    const operand = l.childForFieldName('operand');
    const field = l.childForFieldName('field')?.text;
    const v = operand?.type === 'identifier' ? scope.lookup(operand.text) : undefined;
    if (!v || !field) return;
    v.fields ??= new Map();
    const source = this.storageOf(value, scope, f);
    if (source && (source.kind !== 'local' || throughField(source.id))) v.fields.set(field, source);
    else if (isNewMap(value)) v.fields.set(field, null);
    else v.fields.delete(field);
  }

  /** Records an access when `expr` (or `expr[k]` for index expressions) is a map. */
  protected mapAccess(node: Node, kind: AccessKind, scope: Scope, f: Frame, whole = false, at?: Node): boolean {
    const target = whole ? node : node.childForFieldName('operand');
    if (!target) return false;
    if (kind === 'write' && this.sharedWrite(target, at ?? node, scope, f)) return true;
    const t = this.typer.typeOf(target, scope, f);
    if (!this.typer.isMapLike(t)) return false;
    // Walk inner expressions (e.g. `a[b][c]`: `a[b]` is a read of the outer map).
    if (target.type === 'index_expression') this.walkExpr(target, scope, f);
    else if (target.type === 'selector_expression') this.walkExpr(target.childForFieldName('operand'), scope, f);
    else if (target.type === 'call_expression') this.walkExpr(target, scope, f);
    const storage = this.storageOf(target, scope, f);
    if (!storage) return true;
    this.record(storage, kind, at ?? node, f, scope, target);
    return true;
  }

  protected record(storage: Storage, kind: AccessKind, node: Node, f: Frame, scope?: Scope, target?: Node): void {
    // An exported method is a guessed root (callable from any goroutine): what it reaches in another package is
    // that package's API, which its own analysis judges. Goroutines, handlers and flows are followed there.
    if (f.thread.kind === 'api' && this.pkg !== this.own.pkg) return;
    if (storage.kind === 'field' && scope && target && this.otherInstance(target, f, scope)) return;
    // Lock evidence counts when an entry point of the package takes the lock on its own flow: a lock taken
    // only inside worker goroutines protects those workers, not the type's API.
    if (storage.kind === 'field' && f.thread.kind === 'flow' && f.thread.exportedRoot) {
      const guarded = this.guardedFields.get(storage.key) ?? { owner: keyOwner(storage.id), locks: new Set<string>() };
      for (const l of f.locks.keys()) guarded.locks.add(l);
      this.guardedFields.set(storage.key, guarded);
      if (guarded.owner !== undefined) {
        const byOwner = this.guardedLocksByOwner.get(guarded.owner) ?? new Set<string>();
        for (const l of guarded.locks) byOwner.add(l);
        this.guardedLocksByOwner.set(guarded.owner, byOwner);
      }
    }
    if (storage.kind === 'field') {
      const owner = keyOwner(storage.id);
      if (owner && (f.thread.kind === 'goroutine' || f.thread.kind === 'handler')) this.sharedTypes.add(owner);
    }
    const concurrentWith = new Set<number>(f.flow.active);
    for (const s of f.flow.loopSpawns) for (const id of s) concurrentWith.add(id);
    if (f.thread.kind === 'flow' && concurrentWith.size === 0) return;
    this.accesses.push({
      storage,
      kind,
      range: rangeOf(f.file, node),
      thread: f.thread,
      locks: new Map(f.locks),
      concurrentWith,
      func: f.func,
      path: f.path,
    });
  }

  /**
   * In a method of T, `other.m` where `other` is another *T than the receiver (a copy target, a new value being
   * configured): another object, which type-based field keys cannot tell from the receiver's. Not recorded.
   */
  protected otherInstance(node: Node, f: Frame, scope: Scope): boolean {
    const recvType = f.recvType;
    if (!recvType) return false;
    let base: Node | null = node;
    while (base && (base.type === 'selector_expression' || base.type === 'index_expression' || base.type === 'call_expression')) {
      base = base.type === 'call_expression' ? base.childForFieldName('function') : base.childForFieldName('operand');
    }
    if (base?.type !== 'identifier' || base.text === f.recvName) return false;
    const v = scope.lookup(base.text);
    const t = v ? deref(v.type) : undefined;
    return t?.k === 'named' && this.types.isOwn(t) && t.name === recvType;
  }

  storageOf(node: Node | null | undefined, scope: Scope, f: Frame, anyType = false): Storage | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.storageOf(node.namedChild(0), scope, f, anyType);
      case 'unary_expression': {
        const op = node.childForFieldName('operator')?.text;
        return op === '*' || op === '&' ? this.storageOf(node.childForFieldName('operand'), scope, f, anyType) : undefined;
      }
      case 'identifier': {
        const v = scope.lookup(node.text);
        if (v) {
          if (v.alias) return { ...v.alias, expr: v.alias.kind === 'local' ? node.text : v.alias.expr };
          return storage({ k: 'local', uid: v.uid }, node.text);
        }
        if (this.pkg.globals.has(node.text)) return storage({ k: 'global', pkg: this.pkg.importPath || this.pkg.dir, name: node.text }, node.text);
        return undefined;
      }
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field')?.text ?? '';
        const path = this.typer.packageOf(operand, scope, f);
        if (path) return storage({ k: 'global', pkg: path, name: field }, node.text);
        // `x.F` after `x.F = other.m`: the map of other.m; after `x.F = maps.Clone(...)`: x's own map.
        const v = operand?.type === 'identifier' ? scope.lookup(operand.text) : undefined;
        const repointed = v?.fields?.get(field);
        if (repointed) return { ...repointed, via: node.text };
        if (repointed === null) return storage({ k: 'member', uid: v!.uid, field }, node.text);
        // A field of an object made by this instance of the thread (a planner a Reconcile made for itself).
        const made = operand ? this.ownerOf(operand, scope, f) : undefined;
        if (made) return storage({ k: 'member', uid: made, field }, node.text);
        const owner = this.fieldOwner(deref(this.typer.typeOf(operand, scope, f)), field);
        if (owner && this.types.isForeignOwner(owner)) {
          // Another package's struct (a Pod, a ConfigMap): the object is the one the selector starts from, not every
          // value of the type; from unknown storage (a call's result) it is every value of the type.
          const root = this.storageOf(operand, scope, f, true);
          if (root && root.id.k !== 'text') return storage({ k: 'rooted', root: root.id, owner, field }, node.text);
        }
        if (owner) return storage({ k: 'field', owner, field }, node.text);
        return anyType ? storage({ k: 'text', text: node.text }, node.text) : undefined;
      }
      case 'index_expression': {
        const operand = node.childForFieldName('operand');
        const inner = this.storageOf(operand, scope, f, anyType);
        if (!inner) return undefined;
        // `slots[i]` with an index of this goroutine instance (its parameter, its loop variable): its own slot.
        const index = node.childForFieldName('index');
        const iv = index?.type === 'identifier' ? scope.lookup(index.text) : undefined;
        if (iv && f.thread.instanceLocal.has(iv.uid) && this.typer.underlying(this.typer.typeOf(operand, scope, f)).k === 'slice') {
          return storage({ k: 'slot', uid: iv.uid, of: inner.id }, node.text);
        }
        return storage({ k: 'elem', of: inner.id }, node.text);
      }
      default:
        return undefined;
    }
  }

  /** The struct type that declares `field` (directly or through embedding, across packages), as a key owner. */
  protected fieldOwner(t: GoType, field: string): string | undefined {
    return this.types.field(t, field)?.owner;
  }
}
