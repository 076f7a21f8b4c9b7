// The bounded reader, sizes, and parsing in pieces: a file parsed in pieces cut at top-level declarations gives
// the same tree as one parse.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { topLevelChunks } from '../src/go/lex.js';
import { type Node, type Tree, loadGo, parseGo } from '../src/go/parser.js';
import { formatSize, isRefusal, parseSize, readBounded } from '../src/io/read.js';
import { REPO, tempTree } from './paths.js';

await loadGo();

test('readBounded: regular files up to their cap; a prefix of a larger one when asked', () => {
  const dir = tempTree('read', { 'a.txt': 'hello world', 'sub/b.txt': '' });
  assert.equal(String(readBounded(path.join(dir, 'a.txt'), 11)), 'hello world');
  assert.deepEqual(readBounded(path.join(dir, 'a.txt'), 10), { refused: '11 bytes is over the 10-byte limit' });
  assert.equal(String(readBounded(path.join(dir, 'a.txt'), 5, { prefix: true })), 'hello');
  assert.deepEqual(readBounded(path.join(dir, 'sub'), 100), { refused: 'not a regular file' });
  assert.match((readBounded(path.join(dir, 'missing'), 100) as { refused: string }).refused, /^ENOENT/);
  assert.equal(String(readBounded(path.join(dir, 'sub', 'b.txt'), 0)), '');
  if (process.platform !== 'win32') {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    assert.ok(isRefusal(readBounded(path.join(dir, 'zero'), 100)));
    assert.deepEqual(readBounded('/dev/zero', 100, { prefix: true }), { refused: 'not a regular file' });
  }
});

test('sizes: units are powers of 1024', () => {
  assert.equal(parseSize('512'), 512);
  assert.equal(parseSize('8M'), 8 * 1024 * 1024);
  assert.equal(parseSize('16MB'), 16 * 1024 * 1024);
  assert.equal(parseSize('2GiB'), 2 * 1024 ** 3);
  assert.equal(parseSize('1.5k'), 1536);
  assert.equal(parseSize('64 kb'), 65536);
  for (const bad of ['', '0', '-1', 'lots', '5 parsecs', '1e9']) assert.equal(parseSize(bad), undefined, bad);
  assert.equal(formatSize(8 * 1024 * 1024), '8 MiB');
  assert.equal(formatSize(1536 * 1024 * 1024), '1.5 GiB');
  assert.equal(formatSize(100), '100 bytes');
});

test('pieces end where top-level declarations start, outside brackets, comments and literals', () => {
  const src = 'package p\n\nfunc a() {\nfunc inside() {}\n}\n\n/*\nfunc comment() {}\n*/\nvar s = `\nfunc raw() {}\n`\n\ntype T int\n';
  const cuts = topLevelChunks(src, 8).map(([from]) => src.slice(from, src.indexOf('\n', from)));
  assert.deepEqual(cuts, ['package p', 'func a() {', 'var s = `', 'type T int']);
  assert.deepEqual(topLevelChunks(src, 1 << 20), [[0, src.length]]);
});

function dump(tree: Tree): string[] {
  const out: string[] = [];
  const stack: [Node, number][] = [[tree.rootNode, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    out.push(`${d} ${n.type} ${n.startIndex}-${n.endIndex} ${n.fieldId} ${n.startPosition.row}:${n.startPosition.column}`);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, d + 1]);
  }
  return out;
}

test('a file parsed in pieces is the tree of one parse (offsets, positions, fields, comments, errors)', () => {
  const files = fs.readdirSync(path.join(REPO, 'src', 'checks'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.go'))
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
  // Non-ASCII text, so that offsets in UTF-16 code units are checked too.
  files.push('package p\n\n// héllo wörld ☃\nvar s = "☃☃☃"\n\nfunc f() { _ = "naïve" }\n\ntype T struct{ M map[string]int }\n');
  assert.ok(files.length > 10);
  for (const src of files) {
    const whole = parseGo(src, Infinity);
    const pieces = parseGo(src, 512);
    assert.deepEqual(dump(pieces), dump(whole));
    assert.deepEqual(pieces.comments.map((c) => c.text), whole.comments.map((c) => c.text));
    assert.equal(pieces.hasError, whole.hasError);
  }
});
