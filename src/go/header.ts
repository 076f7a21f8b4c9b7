// What a file's header says before any analysis: its build constraint and whether it is generated.
import type { Node, Tree } from './parser.js';

export interface FileHeader {
  packageName: string;
  /** False when the `//go:build` line can never hold in a default build (e.g. `ignore`, custom tags). */
  buildable: boolean;
  /** `// Code generated ... DO NOT EDIT.` before the package clause (the Go convention). */
  generated: boolean;
}

const GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux',
  'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos', 'unix']);
const GOARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle',
  'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390',
  's390x', 'sparc', 'sparc64', 'wasm', 'cgo', 'gc', 'gccgo']);

/**
 * Whether a file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix (a build constraint of its own, as in
 * go/build) holds for `goos`/`goarch`; the part before the first `_` never counts (`linux.go` has none).
 */
/** A Go test file: `go build` leaves it out, `go test` compiles it. */
export function isTestFile(name: string): boolean {
  return name.endsWith('_test.go');
}

export function fileNameMatches(name: string, goos: string, goarch: string): boolean {
  const parts = name.replace(/(_test)?\.go$/, '').split('_');
  const isOS = (p: string | undefined) => p !== undefined && p !== 'unix' && GOOS.has(p);
  const isArch = (p: string | undefined) => p !== undefined && p !== 'cgo' && p !== 'gc' && p !== 'gccgo' && GOARCH.has(p);
  const last = parts.length >= 2 ? parts[parts.length - 1] : undefined;
  const prev = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  if (isOS(prev) && isArch(last)) return prev === goos && last === goarch;
  if (isOS(last)) return last === goos;
  if (isArch(last)) return last === goarch;
  return true;
}

export function readHeader(tree: Tree): FileHeader {
  const header: FileHeader = { packageName: '', buildable: true, generated: false };
  for (const child of tree.rootNode.namedChildren) {
    if (child.type === 'package_clause') {
      header.packageName = child.namedChild(0)?.text ?? '';
      break;
    }
    if (child.type === 'comment') readComment(header, child.text);
  }
  return header;
}

/**
 * The header read from the source text before parsing, when the file starts with comments and a plain
 * `package name` clause (as Go files do); else undefined and `readHeader` decides after parsing. Lets
 * the engine skip generated and excluded files without parsing them.
 */
export function scanHeader(source: string): FileHeader | undefined {
  const header: FileHeader = { packageName: '', buildable: true, generated: false };
  const n = source.length;
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < n && isSpace(source.charCodeAt(i))) i++;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      readComment(header, source.slice(i, stop));
      i = stop;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) return undefined;
      i = end + 2;
    } else break;
  }
  const m = /^package[ \t]+([\p{L}_][\p{L}\p{Nd}_]*)[ \t]*(?:\r?\n|;|\/\/)/u.exec(source.slice(i, i + 300));
  if (!m) return undefined;
  header.packageName = m[1]!;
  return header;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function readComment(header: FileHeader, text: string): void {
  if (text.startsWith('//go:build ')) header.buildable = evalConstraint(text.slice('//go:build '.length)) !== false;
  else if (/^\/\/ Code generated .* DO NOT EDIT\.$/.test(text.trimEnd())) header.generated = true;
}

/** Three-valued: platform tags may hold (undefined), `ignore` and custom tags do not (false). */
type Tri = boolean | undefined;

export function evalConstraint(expr: string): Tri {
  const tokens = expr.match(/\(|\)|!|&&|\|\||[A-Za-z0-9_.]+/g) ?? [];
  let i = 0;
  const or = (): Tri => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const r = and();
      v = v === true || r === true ? true : v === false && r === false ? false : undefined;
    }
    return v;
  };
  const and = (): Tri => {
    let v = unary();
    while (tokens[i] === '&&') {
      i++;
      const r = unary();
      v = v === false || r === false ? false : v === true && r === true ? true : undefined;
    }
    return v;
  };
  const unary = (): Tri => {
    const t = tokens[i++];
    if (t === '!') {
      const v = unary();
      return v === undefined ? undefined : !v;
    }
    if (t === '(') {
      const v = or();
      if (tokens[i] === ')') i++;
      return v;
    }
    if (t === undefined) return undefined;
    if (GOOS.has(t) || GOARCH.has(t) || /^go1\.\d+$/.test(t)) return undefined;
    return false;
  };
  return or();
}

/** All comment nodes of a file, in order (for directives and `// want` comments). */
export function comments(tree: Tree): Node[] {
  return tree.comments;
}

/** A comment's text and where it is (1-based lines and columns), for readers that take no syntax nodes. */
export interface Comment {
  text: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export function fileComments(tree: Tree): Comment[] {
  return comments(tree).map((c) => ({
    text: c.text,
    start: { line: c.startPosition.row + 1, column: c.startPosition.column + 1 },
    end: { line: c.endPosition.row + 1, column: c.endPosition.column + 1 },
  }));
}

/** Where tree-sitter found a file's first syntax error (1-based), if it found one. */
export function syntaxErrorAt(tree: Tree): { line: number; column: number } | undefined {
  if (!tree.hasError) return undefined;
  const at = tree.rootNode.descendantsOfType('ERROR')[0]?.startPosition;
  return at ? { line: at.row + 1, column: at.column + 1 } : { line: 0, column: 0 };
}

/** A file's number of lines (a last line without a newline counts). */
export function lineCount(tree: Tree): number {
  const end = tree.rootNode.endPosition;
  return end.row + (end.column > 0 ? 1 : 0);
}
