// Huge input: the largest file the default settings accept is analysed within the memory budget, a larger one
// is skipped with a warning, a package that cannot fit in the budget is skipped before it is read, and a
// dependency with tens of MB of declarations stops at its budget instead of exhausting the heap.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { READ_LIMITS } from '../../src/io/read.js';
import { assertOkReported, checkJson, errorFor, hostileModule } from './harness.js';

/** `bytes` of one-line functions that each start a goroutine writing `reg` (the costliest shape measured). */
function goroutineDense(pkg: string, tag: string, bytes: number): string {
  const out = [`package ${pkg}\n\n`];
  let n = out[0]!.length;
  for (let i = 0; ; i++) {
    const s = `func g${tag}_${i}() {\n\tgo func() { reg[${i}] = ${i} }()\n\treg[${i}+1] = 2\n}\n`;
    if (n + s.length > bytes) break;
    out.push(s);
    n += s.length;
  }
  return out.join('');
}

/** Protobuf-like generated code of about `bytes`: messages, getters, a locked setter, descriptor bytes. */
function generatedCode(bytes: number): string {
  const out = ['package pb\n\nimport "sync"\n\nvar mu sync.Mutex\n\n'];
  let n = out[0]!.length;
  for (let i = 0; n < bytes - 2048; i++) {
    const s = `// Msg${i} is generated.\ntype Msg${i} struct {\n\tName   string            \`json:"name"\`\n\tLabels map[string]string \`json:"labels"\`\n\tNext   *Msg${i + 1}\n}\n\n` +
      `func (x *Msg${i}) GetName() string {\n\tif x != nil {\n\t\treturn x.Name\n\t}\n\treturn ""\n}\n\n` +
      `func (x *Msg${i}) SetLabel(k, v string) {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tx.Labels[k] = v\n}\n\n` +
      `var file_msg${i}_rawDesc = []byte{\n\t0x0a, 0x0c, 0x6d, 0x73, 0x67, 0x2e, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x12, 0x02, 0x70, 0x62, 0x22,\n}\n\n`;
    out.push(s);
    n += s.length;
  }
  return `${out.join('')}type Msg${out.length - 1} struct{}\n`;
}

test('the largest source file the default settings accept is analysed; one byte more is skipped with a warning', () => {
  const code = generatedCode(READ_LIMITS.source - 64);
  const fits = `${code}${' '.repeat(READ_LIMITS.source - Buffer.byteLength(code))}`;
  assert.equal(Buffer.byteLength(fits), READ_LIMITS.source);
  const report = checkJson(hostileModule({ 'pb/msgs.pb.go': fits, 'over/over.go': `${fits}\n`.replace('package pb', 'package ov') }), [], { timeoutMs: 600_000 });
  assertOkReported(report);
  assert.ok(!report.errors.some((e) => e.file === 'pb/msgs.pb.go'), JSON.stringify(report.errors));
  assert.equal(report.stats.files, 2);
  assert.equal(errorFor(report, 'over/over.go'), `skipped: ${READ_LIMITS.source + 1} bytes is over the ${READ_LIMITS.source}-byte limit`);
});

test('a package that cannot fit in the memory budget is skipped before it is read; the others are analysed', () => {
  const files: Record<string, string> = { 'dense/reg.go': 'package dense\n\nvar reg = map[int]int{}\n' };
  for (let k = 0; k < 4; k++) files[`dense/big${k}.go`] = goroutineDense('dense', String(k), 1024 * 1024);
  const dir = hostileModule(files);
  const report = checkJson(dir, ['--max-memory', '256MB']);
  assertOkReported(report);
  assert.match(errorFor(report, 'dense/big0.go'), /^skipped: its package has 4 MiB of Go source, which needs about 256 MiB of memory; the budget is 256 MiB per thread \(raise it with --max-memory\)$/);
  assert.ok(!report.findings.some((f) => f.location.file.startsWith('dense/')));
  // With a larger budget, the same package is analysed.
  const more = checkJson(dir, ['--max-memory', '1GB'], { timeoutMs: 600_000 });
  assert.ok(more.findings.some((f) => f.location.file.startsWith('dense/')));
  assert.deepEqual(more.errors, []);
});

test('a dependency package with 20 MB of declarations is read up to its budget, counted as a limit reached', () => {
  const dep = 'cache/example.com/big@v1.0.0';
  const files: Record<string, string> = {
    [`${dep}/a.go`]: 'package big\n\ntype T struct{ M map[string]int }\n',
    'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/big v1.0.0\n',
    'app/main.go': 'package main\n\nimport "example.com/big"\n\nvar v big.T\n\nfunc w() { v.M["x"] = 1 }\n\nfunc main() {\n\tgo w()\n\tgo w()\n}\n',
  };
  for (let i = 0; i < 21; i++) {
    const lines: string[] = ['package big\n\n'];
    for (let j = 0, n = 0; n < 950_000; j++) {
      const s = `type T${i}_${j} struct{ M map[string]int; N map[int]map[int]string; P *T${i}_${j + 1} }\n`;
      lines.push(s);
      n += s.length;
    }
    files[`${dep}/g${String(i).padStart(2, '0')}.go`] = lines.join('');
  }
  const dir = hostileModule(files);
  const report = checkJson(path.join(dir, 'app'), [], { env: { GOMODCACHE: path.join(dir, 'cache') }, timeoutMs: 600_000 });
  assert.ok(report.findings.some((f) => f.location.file === 'main.go'), JSON.stringify(report.errors));
  assert.deepEqual(report.errors, [], 'the code under analysis was analysed');
  assert.equal(report.stats.truncated?.dependencies, 1);
});
