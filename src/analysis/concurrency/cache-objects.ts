// Objects shared with the informer cache (MR1004): which expressions denote an object read from a lister or
// indexer or handed to an event handler, and writes into their maps. The seam for moving this into the check:
// sharedOf/objectMap feed VarInfo.shared/sharedMap (kept across branches by Scope.setShared/endBranch and
// mergeBranches), sharedWrite claims a write before it is recorded as an access.
import type { Node } from '../../go/parser.js';
import { deref } from '../../go/types.js';
import type { SharedSource } from './facts.js';
import { type Frame, Scope } from './scope.js';
import { rangeOf, where } from './syntax.js';
import { StorageModel } from './storage.js';

/** Map fields of Kubernetes objects, for writes whose type is not known (no module cache). */
const OBJECT_MAP_FIELDS = new Set(['Labels', 'Annotations', 'Data', 'StringData', 'BinaryData', 'MatchLabels', 'NodeSelector', 'Object', 'Capacity', 'Allocatable', 'Limits', 'Requests']);
const OBJECT_MAP_GETTERS = new Set(['GetLabels', 'GetAnnotations']);

export abstract class CacheObjects extends StorageModel {
  /** The shared object an expression denotes or reaches into, if any. */
  protected sharedOf(node: Node, scope: Scope, f: Frame, depth = 0): SharedSource | undefined {
    if (depth > 8) return undefined;
    switch (node.type) {
      case 'identifier':
        return scope.lookup(node.text)?.shared;
      case 'parenthesized_expression':
        return node.namedChild(0) ? this.sharedOf(node.namedChild(0)!, scope, f, depth + 1) : undefined;
      case 'unary_expression':
      case 'selector_expression':
      case 'index_expression':
      case 'type_assertion_expression': {
        const inner = node.childForFieldName('operand');
        return inner ? this.sharedOf(inner, scope, f, depth + 1) : undefined;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'selector_expression') return undefined;
        const recv = fn.childForFieldName('operand');
        const name = fn.childForFieldName('field')?.text ?? '';
        if (!recv) return undefined;
        // Getters of a shared object return its own maps (`GetLabels()`); copies are private.
        if (/^Get[A-Z]/.test(name) && !/Copy/.test(name)) {
          const s = this.sharedOf(recv, scope, f, depth + 1);
          if (s) return s;
        }
        if (this.isCacheReader(recv, name, scope, f, 0)) {
          const text = node.text.length > 60 ? `${fn.text.slice(0, 57)}...` : fn.text;
          return { what: `${text} at ${where(rangeOf(f.file, node))}`, at: rangeOf(f.file, node) };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  protected handlerArgs(site: Node, f: Frame): SharedSource {
    const at = rangeOf(f.file, site);
    return { what: `an argument of the event handler registered at ${where(at)}`, at };
  }

  /** `lister.Get/List`, `lister.Foos(ns).Get`, `indexer.GetByKey/List/ByIndex`, `informer.GetStore().List`. */
  protected isCacheReader(recv: Node, method: string, scope: Scope, f: Frame, depth: number): boolean {
    if (depth > 3) return false;
    const reads = method === 'Get' || method === 'List' || method === 'GetByKey' || method === 'ByIndex' || method === 'ListKeys' || method === 'Index';
    if (!reads && depth === 0) return false;
    const t = deref(this.typer.typeOf(recv, scope, f));
    if (t.k === 'named') {
      if (t.pkg.includes('/listers/') || /Lister$/.test(t.name)) return true;
      if (t.pkg === 'k8s.io/client-go/tools/cache' && /^(Indexer|Store|ThreadSafeStore)$/.test(t.name)) return true;
      if (!this.types.isOwn(t) || this.pkg.types.has(t.name)) return false;
    }
    if (recv.type === 'call_expression') {
      // `x.Lister()`, `x.GetStore()`, `x.GetIndexer()`, or a namespace lister `lister.Pods(ns)`.
      const fn = recv.childForFieldName('function');
      if (fn?.type !== 'selector_expression') return false;
      const name = fn.childForFieldName('field')?.text ?? '';
      if (name === 'Lister' || name === 'GetStore' || name === 'GetIndexer') return true;
      const inner = fn.childForFieldName('operand');
      return !!inner && /^[A-Z]/.test(name) && this.isCacheReader(inner, name, scope, f, depth + 1);
    }
    // A field or variable of a type not known here, named like one (`c.podLister`, `podsLister`, `c.indexer`).
    const name = recv.type === 'selector_expression' ? recv.childForFieldName('field')?.text : recv.type === 'identifier' ? recv.text : undefined;
    return !!name && /(Lister|[iI]ndexer)$/.test(name);
  }

  /** A write into a map of a shared object: recorded for MR1004 (and not paired as a race). */
  protected override sharedWrite(target: Node, at: Node, scope: Scope, f: Frame): boolean {
    const source = this.sharedOf(target, scope, f);
    if (!source || !this.objectMap(target, scope, f)) return false;
    const range = rangeOf(f.file, at);
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (!this.sharedWrites.has(key)) this.sharedWrites.set(key, { range, map: target.text, source, func: f.func, path: f.path });
    return true;
  }

  /** Whether an expression of a shared object is one of its maps (typed, or by the Kubernetes field names). */
  protected objectMap(node: Node, scope: Scope, f: Frame): boolean {
    if (this.typer.isMapLike(this.typer.typeOf(node, scope, f))) return true;
    if (node.type === 'selector_expression') return OBJECT_MAP_FIELDS.has(node.childForFieldName('field')?.text ?? '');
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      return fn?.type === 'selector_expression' && OBJECT_MAP_GETTERS.has(fn.childForFieldName('field')?.text ?? '');
    }
    if (node.type === 'identifier') {
      const v = scope.lookup(node.text);
      return !!v?.sharedMap;
    }
    return false;
  }
}
