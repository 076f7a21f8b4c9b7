// Parsing Go with tree-sitter-go through web-tree-sitter (WASM).
// Why WASM and not the native binding: on 3,000 files (954k lines) of the Go standard library the WASM
// parser took 4.6 s and 160 MB RSS, the native one 6.7 s and 928 MB (see docs/DESIGN.md). WASM also needs
// no compiler or prebuilt binary on the user's machine.
//
// Each WASM tree is copied into plain JavaScript objects right after parsing and freed at once. The analysis
// visits the same nodes many times (every function is walked as a root and again from its callers), and each
// web-tree-sitter node access (`childForFieldName`, `namedChildren`, `type`, `text`) crosses into WASM and
// allocates a new wrapper; on moby's vendor tree those accesses cost more than parsing itself. The copy is one
// cursor walk that calls the runtime's exported cursor functions directly (at most five calls per node, no
// wrapper objects), and the nodes below offer the subset of web-tree-sitter's `Node` API the analysis uses.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/** The runtime's cursor functions (tree-sitter's `lib/binding/tree-sitter.c`), which keep the cursor in the transfer buffer. */
interface CursorExports {
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

interface GoRuntime {
  parser: Parser;
  wasm: CursorExports;
  /** Node type names by type id (`ERROR` for ids without a name, as web-tree-sitter does). */
  types: string[];
  named: boolean[];
  /** Field ids by field name. */
  fields: Map<string, number>;
}

let ready: Promise<Language> | undefined;
let runtime: GoRuntime | undefined;

/** Loads the runtime and the Go grammar once per thread. */
export function loadGo(): Promise<Language> {
  ready ??= (async () => {
    // The options object becomes the Emscripten module, which then carries the runtime's exports.
    const module: Partial<CursorExports> = {};
    await Parser.init(module as never);
    const wasm = cursorExports(module);
    const lang = await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
    const parser = new Parser();
    parser.setLanguage(lang);
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < lang.types.length; id++) {
      types.push(lang.types[id] || 'ERROR');
      named.push(lang.nodeTypeIsNamed(id));
    }
    const fields = new Map<string, number>();
    lang.fields.forEach((name, id) => {
      if (name && !fields.has(name)) fields.set(name, id);
    });
    runtime = { parser, wasm, types, named, fields };
    return lang;
  })();
  return ready;
}

const CURSOR_FUNCTIONS = [
  '_ts_tree_root_node_wasm', '_ts_tree_cursor_new_wasm', '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
] as const satisfies readonly (keyof CursorExports)[];

function cursorExports(module: Partial<CursorExports>): CursorExports {
  const missing = CURSOR_FUNCTIONS.filter((name) => typeof module[name] !== 'function');
  if (missing.length) throw new Error(`web-tree-sitter does not export ${missing.join(', ')} (maprace needs web-tree-sitter 0.25)`);
  return module as CursorExports;
}

/**
 * Syntax nested deeper than this is refused: the analysis walks trees and the types built from them
 * recursively. The deepest of the Go 1.26 source tree's 7,711 files nests 947 levels (a 940-term string
 * concatenation in golang.org/x/text tables); the walker overflows Node's default stack from about 2,200
 * levels (742 nested `if`s).
 */
export const MAX_SYNTAX_DEPTH = 1500;

/** A file whose syntax nests deeper than MAX_SYNTAX_DEPTH; it is skipped, the rest of the run goes on. */
export class TooDeepError extends Error {
  constructor() {
    super(`skipped: too deeply nested (more than ${MAX_SYNTAX_DEPTH} levels)`);
  }
}

/** The `(row, column)` of an offset; rows from 0, columns in UTF-16 code units like web-tree-sitter. */
export interface Point {
  row: number;
  column: number;
}

/** A parsed Go file: plain objects, garbage-collected like any other (nothing to free). */
export class Tree {
  readonly rootNode: Node;
  /** Every comment, in source order. */
  readonly comments: Node[] = [];
  /** Offsets where lines start. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly source: string,
    wasmTree: number,
    rt: GoRuntime,
    /** Whether tree-sitter found syntax errors (ERROR or MISSING nodes) anywhere in the file. */
    readonly hasError: boolean,
  ) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.rootNode = copyTree(this, wasmTree, rt);
  }

  position(offset: number): Point {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo]! };
  }
}

let nextNodeId = 1;
const NO_NODES: readonly Node[] = [];

/**
 * A syntax node with the accessors of web-tree-sitter's `Node` that the analysis uses (offsets and columns in
 * UTF-16 code units, as there). Only named nodes and the anonymous tokens that fill a field (`operator`) are
 * kept: the other tokens (punctuation, keywords) are a third of all nodes and nothing reads them.
 */
export class Node {
  /** Unique among the nodes of this thread. */
  readonly id = nextNodeId++;
  /** Named children and field tokens, in order. */
  private kids: Node[] | undefined;
  private namedCache: readonly Node[] | undefined;
  private textCache: string | undefined;

  constructor(
    readonly tree: Tree,
    readonly type: string,
    readonly isNamed: boolean,
    /** The field this node fills in its parent (0: none). */
    readonly fieldId: number,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: Node | null,
  ) {}

  get text(): string {
    return (this.textCache ??= this.tree.source.slice(this.startIndex, this.endIndex));
  }

  get startPosition(): Point {
    return this.tree.position(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.position(this.endIndex);
  }

  get namedChildren(): readonly Node[] {
    if (this.namedCache) return this.namedCache;
    const kids = this.kids ?? NO_NODES;
    return (this.namedCache = kids.every((c) => c.isNamed) ? kids : kids.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }

  /** The first child filling the field (`null` when there is none). */
  childForFieldName(name: string): Node | null {
    const id = runtime?.fields.get(name);
    if (id === undefined || !this.kids) return null;
    for (const c of this.kids) if (c.fieldId === id) return c;
    return null;
  }

  childrenForFieldName(name: string): Node[] {
    const id = runtime?.fields.get(name);
    return id === undefined || !this.kids ? [] : this.kids.filter((c) => c.fieldId === id);
  }

  /** This node and its descendants of the given types, in source order. */
  descendantsOfType(types: string | readonly string[]): Node[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: Node[] = [];
    const stack: Node[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (wanted.includes(n.type)) out.push(n);
      const kids = n.kids;
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  }

  /** @internal Used while copying the tree. */
  add(child: Node): void {
    (this.kids ??= []).push(child);
  }
}

/** Copies the WASM tree into `Node`s with one cursor walk. */
function copyTree(tree: Tree, wasmTree: number, rt: GoRuntime): Node {
  const w = rt.wasm;
  const { types, named } = rt;
  w._ts_tree_root_node_wasm(wasmTree);
  w._ts_tree_cursor_new_wasm(wasmTree);
  try {
    const root = new Node(tree, types[w._ts_tree_cursor_current_node_type_id_wasm(wasmTree)] ?? 'ERROR', true, 0,
      w._ts_tree_cursor_start_index_wasm(wasmTree), w._ts_tree_cursor_end_index_wasm(wasmTree), null);
    // The nodes on the cursor's path; `null` for a token that is not kept (tokens have no children).
    const path: (Node | null)[] = [root];
    let depth = 0;
    const visit = (): void => {
      const typeId = w._ts_tree_cursor_current_node_type_id_wasm(wasmTree);
      const fieldId = w._ts_tree_cursor_current_field_id_wasm(wasmTree);
      const isNamed = named[typeId] ?? true;
      let parent: Node | null = null;
      for (let d = depth - 1; d >= 0 && !parent; d--) parent = path[d]!;
      if (!isNamed && fieldId === 0) {
        path[depth] = null;
        return;
      }
      const n = new Node(tree, types[typeId] ?? 'ERROR', isNamed, fieldId,
        w._ts_tree_cursor_start_index_wasm(wasmTree), w._ts_tree_cursor_end_index_wasm(wasmTree), parent);
      parent!.add(n);
      if (n.type === 'comment') tree.comments.push(n);
      path[depth] = n;
    };
    for (;;) {
      if (w._ts_tree_cursor_goto_first_child_wasm(wasmTree)) {
        if (++depth > MAX_SYNTAX_DEPTH) throw new TooDeepError();
        visit();
        continue;
      }
      // No children: the next sibling of this node or of the nearest ancestor that has one.
      for (;;) {
        if (w._ts_tree_cursor_goto_next_sibling_wasm(wasmTree)) {
          visit();
          break;
        }
        if (!w._ts_tree_cursor_goto_parent_wasm(wasmTree)) return root;
        depth--;
      }
    }
  } finally {
    w._ts_tree_cursor_delete_wasm(wasmTree);
  }
}

/** Parses one Go file into plain objects (the WASM tree is freed before returning). */
export function parseGo(source: string): Tree {
  if (!runtime) throw new Error('loadGo() must be awaited before parsing');
  const wasmTree = runtime.parser.parse(source);
  if (!wasmTree) throw new Error('tree-sitter returned no tree');
  try {
    return new Tree(source, (wasmTree as unknown as { 0: number })[0], runtime, wasmTree.rootNode.hasError);
  } finally {
    wasmTree.delete();
  }
}
