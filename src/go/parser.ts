// Parsing Go with tree-sitter-go through web-tree-sitter (WASM).
// Why WASM and not the native binding: on 3,000 files (954k lines) of the Go standard library the WASM
// parser took 4.6 s and 160 MB RSS, the native one 6.7 s and 928 MB (see docs/DESIGN.md). WASM also needs
// no compiler or prebuilt binary on the user's machine.
import { createRequire } from 'node:module';
import { Language, Node, Parser, Tree } from 'web-tree-sitter';

export type { Node, Tree };

// web-tree-sitter makes a new Node object (marshalled out of WASM memory) on every navigation call, and the
// analysis walks a function body once per root that reaches it: most of the time went into those objects. A
// node's field children are memoised by node identity, so repeated walks get the same Node objects (whose own
// `namedChildren` cache then works too). Node ids are addresses in WASM memory and are reused after a tree is
// deleted, so any deletion clears the memo.
// Within a tree no two nodes share an id, and live trees do not share addresses.
const memo = new Map<number, Node | null>();
const fieldIds = new Map<string, number>();
Node.prototype.childForFieldName = function (this: Node, name: string): Node | null {
  let field = fieldIds.get(name);
  if (field === undefined) {
    field = this.tree.language.fields.indexOf(name);
    fieldIds.set(name, field);
  }
  if (field < 0) return null;
  const key = this.id * 256 + field;
  let child = memo.get(key);
  if (child === undefined) {
    child = this.childForFieldId(field);
    memo.set(key, child);
  }
  return child;
};
const deleteTree = Tree.prototype.delete;
Tree.prototype.delete = function (this: Tree): void {
  memo.clear();
  deleteTree.call(this);
};

const require = createRequire(import.meta.url);
let ready: Promise<Language> | undefined;
let language: Language | undefined;
let parser: Parser | undefined;

/** Loads the runtime and the Go grammar once per thread. */
export function loadGo(): Promise<Language> {
  ready ??= (async () => {
    await Parser.init();
    const lang = await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
    language = lang;
    parser = new Parser();
    parser.setLanguage(lang);
    return lang;
  })();
  return ready;
}

export function goLanguage(): Language {
  if (!language) throw new Error('loadGo() must be awaited before parsing');
  return language;
}

/**
 * Parses one Go source file. The caller owns the tree and must call `tree.delete()` when done:
 * WASM memory is not garbage-collected.
 */
export function parseGo(source: string): Tree {
  if (!parser) throw new Error('loadGo() must be awaited before parsing');
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
