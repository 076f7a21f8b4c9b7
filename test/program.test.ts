import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import { loadFiles } from '../src/go/load.js';
import { PackageLocator } from '../src/go/locate.js';
import { loadGo } from '../src/go/parser.js';
import { Program } from '../src/go/program.js';

function module(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-program-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('Program: main-module packages with bodies, least recently used out over the byte budget, counted', async () => {
  await loadGo();
  const body = (name: string) => `package ${name}\n\nfunc F() { _ = map[string]int{} }\n// ${'x'.repeat(200)}\n`;
  const dir = module({ 'go.mod': 'module example.com/m\n\ngo 1.22\n', 'a/a.go': body('a'), 'b/b.go': body('b'), 'c/c.go': body('c'), 'a/a_test.go': 'package a\n' });
  const bytes = Buffer.byteLength(body('a'));
  const p = new Program(new PackageLocator(dir, {}), dir, () => undefined, undefined, { maxBytes: 2 * bytes, maxFileBytes: 1 << 20, maxPackageBytes: 1 << 20 });
  assert.equal(p.isMain('example.com/m/a'), true);
  assert.equal(p.isMain('example.com/other'), false);
  assert.equal(p.package('example.com/other/x'), undefined, 'not a main module: never loaded with bodies');
  const a = p.package('example.com/m/a');
  assert.equal(a?.importPath, 'example.com/m/a');
  assert.deepEqual(a?.files.map((f) => f.rel), ['a/a.go'], 'paths relative to the analysis root, no tests');
  assert.ok(a?.funcs.get('F')?.node.childForFieldName('body'), 'with bodies');
  assert.equal(p.package('example.com/m/a'), a, 'memoised');
  p.package('example.com/m/b');
  assert.equal(p.overBudget, 0);
  p.package('example.com/m/c');
  assert.equal(p.overBudget, 1, 'a, the least recently used, was dropped');
  assert.notEqual(p.package('example.com/m/a'), a, 'read again after it was dropped');
  assert.ok(p.decls('example.com/m/c')?.funcs.has('F'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('engine: a goroutine in one module of a go.work reaches a map in another module of it', async () => {
  const dir = module({
    'go.work': 'go 1.22\n\nuse (\n\t./app\n\t./store\n)\n',
    'store/go.mod': 'module example.com/store\n\ngo 1.22\n',
    'store/store.go': 'package store\n\ntype S struct{ m map[string]int }\n\nfunc (s *S) Put(k string) { s.m[k]++ }\n',
    'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/store v0.0.0\n',
    'app/main.go': 'package main\n\nimport "example.com/store"\n\nfunc run(s *store.S, keys []string) {\n\tfor _, k := range keys {\n\t\tgo s.Put(k)\n\t}\n}\n\nfunc main() { run(nil, nil) }\n',
  });
  const loaded = await loadFiles(['./...'], { cwd: dir });
  const on = await analyze({ root: dir, modules: loaded.modules, files: loaded.files, jobs: 1, dependencyTypes: false });
  assert.deepEqual(on.diagnostics.map((d) => `${d.range.file}:${d.range.start.line} ${d.check}`), ['store/store.go:5 MR1002']);
  assert.ok(on.diagnostics[0]!.related.some((r) => r.kind === 'call' && r.range.file === 'app/main.go' && r.message === 'calls store.(*S).Put'));
  const off = await analyze({ root: dir, modules: loaded.modules, files: loaded.files, jobs: 1, dependencyTypes: false, crossPackage: false });
  assert.deepEqual(off.diagnostics, [], 'one package at a time: not seen');
  fs.rmSync(dir, { recursive: true, force: true });
});
