// Parsing Go with tree-sitter-go through web-tree-sitter (WASM).
// Why WASM and not the native binding: on 3,000 files (954k lines) of the Go standard library the WASM
// parser took 4.6 s and 160 MB RSS, the native one 6.7 s and 928 MB (see docs/DESIGN.md). WASM also needs
// no compiler or prebuilt binary on the user's machine.
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

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
