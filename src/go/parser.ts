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
import { Language, Parser } from 'web-tree-sitter';
import { grammarWasm, runtimeWasm } from '../assets.js';
import { topLevelChunks } from './lex.js';

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
    const wasmBinary = runtimeWasm();
    const module: Partial<CursorExports> & { wasmBinary?: Uint8Array } = wasmBinary ? { wasmBinary } : {};
    await Parser.init(module as never);
    const wasm = cursorExports(module);
    const lang = await Language.load(grammarWasm());
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

/** The `(row, column)` of an offset; rows from 0, columns in UTF-8 bytes from the line start, as go vet counts them. */
export interface Point {
  row: number;
  column: number;
}

/**
 * A parsed Go file: its nodes in typed arrays (about 23 bytes a node), garbage-collected like any other object
 * (nothing to free). `Node` objects are views made on demand and not kept: two views of one node are equal by
 * `id`, not by identity.
 */
export class Tree {
  readonly rootNode: Node;
  /** Whether tree-sitter found syntax errors (ERROR or MISSING nodes) anywhere in the file. */
  readonly hasError: boolean;
  /** @internal Per node, by index (0 is the root; a node's descendants follow it). */
  readonly typeIds: Uint16Array;
  /** @internal */ readonly fieldIds: Uint16Array;
  /** @internal */ readonly starts: Uint32Array;
  /** @internal */ readonly ends: Uint32Array;
  /** @internal Parent index, -1 for the root. */ readonly parents: Int32Array;
  /** @internal First child, -1 for none. */ readonly firstKids: Int32Array;
  /** @internal Next sibling, -1 for none. */ readonly nextSibs: Int32Array;
  /** @internal Node types and whether they are named, by type id. */
  readonly rt: GoRuntime;
  /** Nodes in the columns (which may have room for more). */
  readonly nodeCount: number;
  /** Ids of this tree's nodes are `baseId + index`. */
  private readonly baseId: number;
  private readonly commentIndexes: number[];
  /** Offsets where lines start. */
  private readonly lineStarts: Uint32Array;
  /** Whether every character is ASCII (then a UTF-16 offset is a byte offset). */
  private readonly ascii: boolean;

  /** `chunkChars`: see CHUNK_CHARS. */
  constructor(readonly source: string, rt: GoRuntime, chunkChars: number) {
    this.rt = rt;
    const lines = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lines.push(i + 1);
    this.lineStarts = Uint32Array.from(lines);
    this.ascii = !/[^\x00-\x7f]/.test(source);
    // tree-sitter's own points (for the included ranges of a file parsed in pieces) count UTF-16 code units.
    const c = parseColumns(source, rt, chunkChars, (offset) => {
      const row = this.rowOf(offset);
      return { row, column: offset - this.lineStarts[row]! };
    });
    this.hasError = c.hasError;
    this.typeIds = c.typeIds;
    this.fieldIds = c.fieldIds;
    this.starts = c.starts;
    this.ends = c.ends;
    this.parents = c.parents;
    this.firstKids = c.firstKids;
    this.nextSibs = c.nextSibs;
    this.commentIndexes = c.comments;
    this.baseId = nextNodeId;
    this.nodeCount = c.n;
    nextNodeId += c.n;
    this.rootNode = new Node(this, 0);
  }

  /** Every comment, in source order. */
  get comments(): Node[] {
    return this.commentIndexes.map((i) => new Node(this, i));
  }

  /** @internal */
  idOf(index: number): number {
    return this.baseId + index;
  }

  position(offset: number): Point {
    const row = this.rowOf(offset);
    const start = this.lineStarts[row]!;
    return { row, column: this.ascii ? offset - start : Buffer.byteLength(this.source.slice(start, offset)) };
  }

  /** The line (from 0) an offset is on. */
  private rowOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

let nextNodeId = 1;

/**
 * A syntax node with the accessors of web-tree-sitter's `Node` that the analysis uses (offsets in UTF-16 code
 * units, as there; columns in UTF-8 bytes, see Point). Only named nodes and the anonymous tokens that fill a field (`operator`) are
 * kept: the other tokens (punctuation, keywords) are a third of all nodes and nothing reads them.
 */
export class Node {
  constructor(
    readonly tree: Tree,
    /** @internal Index in the tree's arrays. */
    readonly index: number,
  ) {}

  /** Unique among the nodes of this thread. */
  get id(): number {
    return this.tree.idOf(this.index);
  }

  get type(): string {
    return this.tree.rt.types[this.tree.typeIds[this.index]!] ?? 'ERROR';
  }

  get isNamed(): boolean {
    return this.tree.rt.named[this.tree.typeIds[this.index]!] ?? true;
  }

  /** The field this node fills in its parent (0: none). */
  get fieldId(): number {
    return this.tree.fieldIds[this.index]!;
  }

  get startIndex(): number {
    return this.tree.starts[this.index]!;
  }

  get endIndex(): number {
    return this.tree.ends[this.index]!;
  }

  get parent(): Node | null {
    const p = this.tree.parents[this.index]!;
    return p < 0 ? null : new Node(this.tree, p);
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.position(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.position(this.endIndex);
  }

  get namedChildren(): readonly Node[] {
    const { tree } = this;
    const named = tree.rt.named;
    const out: Node[] = [];
    for (let c = tree.firstKids[this.index]!; c >= 0; c = tree.nextSibs[c]!) if (named[tree.typeIds[c]!] ?? true) out.push(new Node(tree, c));
    return out;
  }

  get namedChildCount(): number {
    const { tree } = this;
    const named = tree.rt.named;
    let n = 0;
    for (let c = tree.firstKids[this.index]!; c >= 0; c = tree.nextSibs[c]!) if (named[tree.typeIds[c]!] ?? true) n++;
    return n;
  }

  namedChild(index: number): Node | null {
    const { tree } = this;
    const named = tree.rt.named;
    for (let c = tree.firstKids[this.index]!; c >= 0; c = tree.nextSibs[c]!) if ((named[tree.typeIds[c]!] ?? true) && index-- === 0) return new Node(tree, c);
    return null;
  }

  /** The first child filling the field (`null` when there is none). */
  childForFieldName(name: string): Node | null {
    const { tree } = this;
    const id = tree.rt.fields.get(name);
    if (id === undefined) return null;
    for (let c = tree.firstKids[this.index]!; c >= 0; c = tree.nextSibs[c]!) if (tree.fieldIds[c] === id) return new Node(tree, c);
    return null;
  }

  childrenForFieldName(name: string): Node[] {
    const { tree } = this;
    const id = tree.rt.fields.get(name);
    const out: Node[] = [];
    if (id === undefined) return out;
    for (let c = tree.firstKids[this.index]!; c >= 0; c = tree.nextSibs[c]!) if (tree.fieldIds[c] === id) out.push(new Node(tree, c));
    return out;
  }

  /** This node and its descendants of the given types, in source order. */
  descendantsOfType(types: string | readonly string[]): Node[] {
    const { tree } = this;
    const key = typeof types === 'string' ? types : types.join(' ');
    let set = typeSets.get(key);
    if (!set) {
      const wanted = new Set(typeof types === 'string' ? [types] : types);
      typeSets.set(key, (set = { ids: tree.rt.types.map((t) => wanted.has(t)), error: wanted.has('ERROR') }));
    }
    const { ids, error } = set;
    const out: Node[] = [];
    // Descendants are stored after their ancestor, up to the node's next sibling (or an ancestor's).
    const end = subtreeEnd(tree, this.index);
    for (let i = this.index; i < end; i++) if (ids[tree.typeIds[i]!] ?? error) out.push(new Node(tree, i));
    return out;
  }
}

/**
 * Type-id membership of the type lists `descendantsOfType` was asked for; `error` for ids without a name
 * (tree-sitter's ERROR node has the id 65535, past the language's types).
 */
const typeSets = new Map<string, { ids: boolean[]; error: boolean }>();

/** The index after the last descendant of node `i` (nodes are stored in preorder). */
function subtreeEnd(tree: Tree, i: number): number {
  for (let n = i; n >= 0; n = tree.parents[n]!) {
    const next = tree.nextSibs[n]!;
    if (next >= 0) return next;
  }
  return tree.nodeCount;
}

/** Growable columns of the copy. */
class Columns {
  n = 0;
  typeIds: Uint16Array;
  fieldIds: Uint16Array;
  starts: Uint32Array;
  ends: Uint32Array;
  parents: Int32Array;
  firstKids: Int32Array;
  nextSibs: Int32Array;
  comments: number[] = [];
  /** The last child of the root so far (chunks add theirs after it). */
  rootLast = -1;
  hasError = false;

  constructor(capacity: number) {
    this.typeIds = new Uint16Array(capacity);
    this.fieldIds = new Uint16Array(capacity);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
    this.parents = new Int32Array(capacity);
    this.firstKids = new Int32Array(capacity);
    this.nextSibs = new Int32Array(capacity);
  }

  add(typeId: number, fieldId: number, start: number, end: number, parent: number): number {
    if (this.n === this.typeIds.length) this.resize(Math.ceil(this.n * 1.5));
    const i = this.n++;
    this.typeIds[i] = typeId;
    this.fieldIds[i] = fieldId;
    this.starts[i] = start;
    this.ends[i] = end;
    this.parents[i] = parent;
    this.firstKids[i] = -1;
    this.nextSibs[i] = -1;
    return i;
  }

  /** Resized to `capacity` (a new copy of every column). */
  resize(capacity: number): this {
    const grow = <T extends Uint16Array | Uint32Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a.subarray(0, Math.min(this.n, capacity)));
      return b;
    };
    this.typeIds = grow(this.typeIds);
    this.fieldIds = grow(this.fieldIds);
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.parents = grow(this.parents);
    this.firstKids = grow(this.firstKids);
    this.nextSibs = grow(this.nextSibs);
    return this;
  }
}

/**
 * Files are parsed in pieces of about this many characters, cut where top-level declarations start: the
 * parser's WASM memory grows with the largest tree it has built and never shrinks (an 8 MB file took it from
 * 34 MB to 500 MB), while a piece needs a few MB.
 */
const CHUNK_CHARS = 256 * 1024;

/** Parses a file piece by piece into columns; the pieces' top-level nodes become children of one root. */
function parseColumns(source: string, rt: GoRuntime, chunkChars: number, position: (offset: number) => Point): Columns {
  // Go source has 0.1 to 0.45 kept nodes per character (0.13 in net/http, 0.23 in protobuf code, 0.44 in a
  // file of one-line goroutines); each resize copies, and freed copies stay in the process's memory.
  const cols = new Columns(Math.max(64, Math.ceil(source.length / 3)));
  cols.add(0, 0, 0, 0, -1);
  const chunks = source.length > chunkChars ? topLevelChunks(source, chunkChars) : [[0, source.length] as [number, number]];
  for (const [i, [from, to]] of chunks.entries()) {
    const range = { startIndex: from, endIndex: to, startPosition: position(from), endPosition: position(to) };
    const t = rt.parser.parse(source, null, chunks.length > 1 ? { includedRanges: [range] } : undefined);
    if (!t) throw new Error('tree-sitter returned no tree');
    try {
      cols.hasError ||= t.rootNode.hasError;
      copyInto(cols, (t as unknown as { 0: number })[0], rt, i === 0, i === chunks.length - 1);
    } finally {
      t.delete();
    }
  }
  return cols.n < cols.typeIds.length * 0.5 ? cols.resize(cols.n) : cols;
}

/**
 * Adds a WASM tree's nodes to the columns with one cursor walk; its root is the columns' root (index 0): the
 * first piece gives its type and start, the last one its end.
 */
function copyInto(cols: Columns, wasmTree: number, rt: GoRuntime, first: boolean, last: boolean): void {
  const w = rt.wasm;
  const { types, named } = rt;
  w._ts_tree_root_node_wasm(wasmTree);
  w._ts_tree_cursor_new_wasm(wasmTree);
  try {
    if (first) {
      cols.typeIds[0] = w._ts_tree_cursor_current_node_type_id_wasm(wasmTree);
      cols.starts[0] = w._ts_tree_cursor_start_index_wasm(wasmTree);
    }
    if (last) cols.ends[0] = w._ts_tree_cursor_end_index_wasm(wasmTree);
    // The kept nodes on the cursor's path (-1 for a token that is not kept: tokens have no children), and the
    // last child added to each.
    const path: number[] = [0];
    const lastKid: number[] = [cols.rootLast];
    let depth = 0;
    const visit = (): void => {
      const typeId = w._ts_tree_cursor_current_node_type_id_wasm(wasmTree);
      const fieldId = w._ts_tree_cursor_current_field_id_wasm(wasmTree);
      if (!(named[typeId] ?? true) && fieldId === 0) {
        path[depth] = -1;
        return;
      }
      let pd = depth - 1;
      while (path[pd]! < 0) pd--;
      const parent = path[pd]!;
      const n = cols.add(typeId, fieldId, w._ts_tree_cursor_start_index_wasm(wasmTree), w._ts_tree_cursor_end_index_wasm(wasmTree), parent);
      const prev = lastKid[pd]!;
      if (prev < 0) cols.firstKids[parent] = n;
      else cols.nextSibs[prev] = n;
      lastKid[pd] = n;
      if (types[typeId] === 'comment') cols.comments.push(n);
      path[depth] = n;
      lastKid[depth] = -1;
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
        if (!w._ts_tree_cursor_goto_parent_wasm(wasmTree)) {
          cols.rootLast = lastKid[0]!;
          return;
        }
        depth--;
      }
    }
  } finally {
    w._ts_tree_cursor_delete_wasm(wasmTree);
  }
}

/** Parses one Go file into a `Tree` (the WASM trees are freed before returning). */
export function parseGo(source: string, chunkChars = CHUNK_CHARS): Tree {
  if (!runtime) throw new Error('loadGo() must be awaited before parsing');
  return new Tree(source, runtime, chunkChars);
}
