// Hostile configurations: alias bombs, over-long globs, too many entries, deep nesting, wrong types. Each is a
// configuration error (`file:line:col: what is wrong`, exit 2), never an internal error or an exhausted heap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, check, hostileModule } from './harness.js';

function configError(yaml: string, expected: RegExp): void {
  const r = check(['./...'], hostileModule({ '.maprace.yaml': yaml }));
  assertClean(r);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^maprace: invalid configuration:\n/);
  assert.match(r.stderr, expected);
}

test('a YAML alias bomb', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  bomb.push('exclude: *i');
  configError(`${bomb.join('\n')}\n`, /\.maprace\.yaml:10:10: too many YAML aliases/);
});

test('a glob longer than picomatch accepts', () => {
  configError(`exclude:\n  - "${'a'.repeat(70_000)}"\n`, /\.maprace\.yaml:2:5: exclude\[0\]: longer than 1024 characters/);
});

test('too many entries', () => {
  configError(`exclude:\n${Array.from({ length: 1001 }, (_, i) => `  - "dir${i}/**"\n`).join('')}`, /\.maprace\.yaml:2:3: exclude: too many entries \(at most 1000\)/);
  const methods = Array.from({ length: 1001 }, (_, i) => `M${i}: read`).join(', ');
  configError(`summaries:\n  - type: example.com/x.T\n    methods: { ${methods} }\n`, /summaries\[0\]\.methods: too many entries/);
});

test('nesting deeper than the YAML parser goes', () => {
  const r = check(['./...'], hostileModule({ '.maprace.yaml': `exclude: ${'['.repeat(100_000)}\n` }));
  assertClean(r);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /invalid configuration:\n {2}\.maprace\.yaml:\d+:\d+: /);
});

test('wrong types and sizes', () => {
  configError('exclude: 5\nlimits:\n  maxFileSize: lots\n  maxMemory: 0\n', /1:10: exclude: must be a list\n.*3:16: limits\.maxFileSize: "lots" is not a size.*\n.*4:14: limits\.maxMemory: 0 is not a size/);
  configError('limits:\n  maxMemory: "0k"\n', /2:14: limits\.maxMemory: "0k" is not a size above 0/);
  const r = check(['--max-memory', 'lots', './...'], hostileModule({}));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--max-memory.*expected a size/);
});
