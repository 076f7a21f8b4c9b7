// Files that are not what their names say: symlinks to endless devices, FIFOs, oversized files, in place of
// go.mod, go.work, the configuration, the baseline, a source file or a module-cache file. Before the bounded
// reader, the device cases grew memory until killed and the FIFO cases hung in open().
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertClean, assertOkReported, check, checkJson, errorFor, hostileModule } from './harness.js';

const posix = process.platform !== 'win32';

function replaceWith(file: string, kind: 'zero' | 'fifo'): void {
  fs.rmSync(file, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 'zero') fs.symlinkSync('/dev/zero', file);
  else execFileSync('mkfifo', [file]);
}

for (const kind of ['zero', 'fifo'] as const) {
  test(`go.mod that is ${kind === 'zero' ? 'a symlink to /dev/zero' : 'a FIFO'}: a warning, the module still analysed`, { skip: !posix }, () => {
    const dir = hostileModule({});
    replaceWith(path.join(dir, 'go.mod'), kind);
    const report = checkJson(dir);
    assertOkReported(report);
    assert.equal(errorFor(report, 'go.mod'), 'skipped: not a regular file');
  });
}

test('go.work, and the go.mod of a module it uses, that are /dev/zero or a FIFO', { skip: !posix }, () => {
  const dir = hostileModule({ 'go.work': 'go 1.22\n\nuse (\n\t.\n\t./m\n\t./n\n)\n', 'm/m.go': 'package m\n', 'n/n.go': 'package n\n' });
  replaceWith(path.join(dir, 'm', 'go.mod'), 'zero');
  replaceWith(path.join(dir, 'n', 'go.mod'), 'fifo');
  const report = checkJson(dir);
  assertOkReported(report);
  assert.equal(errorFor(report, 'm/go.mod'), 'skipped: not a regular file');
  assert.equal(errorFor(report, 'n/go.mod'), 'skipped: not a regular file');
  replaceWith(path.join(dir, 'go.work'), 'zero');
  const again = checkJson(dir);
  assertOkReported(again);
  assert.equal(errorFor(again, 'go.work'), 'skipped: not a regular file');
});

test('go.sum and vendor/modules.txt that are /dev/zero or a FIFO are not read', { skip: !posix }, () => {
  const dir = hostileModule({});
  replaceWith(path.join(dir, 'go.sum'), 'zero');
  replaceWith(path.join(dir, 'vendor', 'modules.txt'), 'fifo');
  assertOkReported(checkJson(dir));
});

test('a configuration or baseline that is not a regular file: exit 2 with the reason', { skip: !posix }, () => {
  const dir = hostileModule({});
  replaceWith(path.join(dir, '.maprace.yaml'), 'zero');
  let r = check(['./...'], dir);
  assertClean(r);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read configuration \.maprace\.yaml: not a regular file/);
  fs.rmSync(path.join(dir, '.maprace.yaml'));
  for (const args of [['--config', '/dev/zero'], ['--config', 'fifo.yaml']]) {
    replaceWith(path.join(dir, 'fifo.yaml'), 'fifo');
    r = check([...args, './...'], dir);
    assertClean(r);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read configuration .*: not a regular file/);
  }
  replaceWith(path.join(dir, 'base.json'), 'fifo');
  for (const file of ['/dev/zero', 'base.json']) {
    r = check(['--baseline', file, './...'], dir);
    assertClean(r);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read baseline .*: not a regular file/);
  }
});

test('a configuration over its 1 MiB cap: exit 2 naming the cap', () => {
  const dir = hostileModule({ '.maprace.yaml': `exclude:\n${Array.from({ length: 50_000 }, (_, i) => `  - "dir${i}/**/*.go"\n`).join('')}` });
  const r = check(['./...'], dir);
  assertClean(r);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read configuration \.maprace\.yaml: \d+ bytes is over the 1048576-byte limit/);
});

test('source files: a FIFO or a /dev/zero symlink among them, and one over the size cap, are skipped with a warning', { skip: !posix }, () => {
  const big = `package big\n\n${'// padding padding padding padding padding padding padding padding\n'.repeat(2000)}`;
  const dir = hostileModule({ 'big/big.go': big });
  replaceWith(path.join(dir, 'odd', 'fifo.go'), 'fifo');
  fs.writeFileSync(path.join(dir, 'odd', 'odd.go'), 'package odd\n');
  const report = checkJson(dir, ['--max-file-size', '64k']);
  assertOkReported(report);
  assert.match(errorFor(report, 'big/big.go'), /^skipped: \d+ bytes is over the 65536-byte limit/);
  // The cap is raised by the flag or by the configuration.
  assert.ok(!checkJson(dir, ['--max-file-size', '1MB']).errors.some((e) => e.file === 'big/big.go'));
  fs.writeFileSync(path.join(dir, '.maprace.yaml'), 'limits:\n  maxFileSize: 64k\n');
  assert.match(errorFor(checkJson(dir), 'big/big.go'), /over the 65536-byte limit/);
  assert.ok(!checkJson(dir, ['--max-file-size', '1MB']).errors.some((e) => e.file === 'big/big.go'), 'the flag wins over the file');
});

test('a module-cache package with endless, FIFO and oversized files: its types still read, the odd files named', { skip: !posix }, () => {
  const dep = 'cache/example.com/dep@v1.0.0';
  const dir = hostileModule({
    [`${dep}/a.go`]: 'package dep\n\ntype T struct{ M map[string]int }\n',
    [`${dep}/huge.go`]: `package dep\n\nvar Table = []byte{${'0x01, '.repeat(400_000)}}\n`,
    'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n',
    'app/main.go': 'package main\n\nimport "example.com/dep"\n\nvar v dep.T\n\nfunc w() { v.M["x"] = 1 }\n\nfunc main() {\n\tgo w()\n\tgo w()\n}\n',
  });
  replaceWith(path.join(dir, dep, 'zero.go'), 'zero');
  replaceWith(path.join(dir, dep, 'fifo.go'), 'fifo');
  const app = path.join(dir, 'app');
  const report = checkJson(app, [], { env: { GOMODCACHE: path.join(dir, 'cache') } });
  assert.ok(report.findings.some((f) => f.location.file === 'main.go'), 'v.M is known to be a map: the types of dep were read');
  assert.equal(errorFor(report, `../${dep}/zero.go`), 'skipped: not a regular file');
  assert.equal(errorFor(report, `../${dep}/fifo.go`), 'skipped: not a regular file');
});
