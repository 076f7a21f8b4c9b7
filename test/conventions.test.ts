// The conventions of Go tools that maprace follows, end to end: byte columns, paths relative to the current
// directory, --fail-on, --list-checks, --version, warnings instead of silent passes, the pre-commit hook.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CLI, REPO, tempTree } from './paths.js';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GO_MOD = 'module example.com/tmp\n\ngo 1.25\n';

// A write whose column differs in bytes (go vet), UTF-16 units (SARIF) and terminal columns (carets).
const WIDE = `package main

import "sync"

func main() {
	名前 := map[string]int{}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			/* 注意 */ 名前["キー"] = i
		}()
	}
	wg.Wait()
}
`;

test('columns are UTF-8 bytes as go vet prints them; SARIF converts them to UTF-16 code units; carets sit under wide characters', () => {
  const dir = tempTree('conv', { 'go.mod': GO_MOD, 'main.go': WIDE });
  const line = WIDE.split('\n')[11]!;
  const byteCol = Buffer.byteLength(line.slice(0, line.indexOf('名前['))) + 1;
  const text = run(['check', './...'], dir);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, new RegExp(`^main\\.go:12:${byteCol}: error: write of map 名前`));
  // The frame expands the tab to 4 columns; 注意 is 4 terminal columns wide.
  const [, src, carets] = /\n {2}12 \| (.*)\n {5}\| (.*)\n/.exec(text.stdout)!;
  assert.equal(src, line.replace(/\t/g, '    '));
  assert.equal(carets, `${' '.repeat(12 + '/* '.length + 4 + ' */ '.length)}${'^'.repeat(4 + '["'.length + 4 + '"]'.length)}`);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', './...'], dir).stdout) as { runs: { columnKind: string; results: { locations: { physicalLocation: { region: { startColumn: number; endColumn: number } } }[] }[] }[] };
  assert.equal(sarif.runs[0]!.columnKind, 'utf16CodeUnits');
  const region = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region;
  assert.equal(region.startColumn, line.indexOf('名前[') + 1);
  assert.equal(region.endColumn, line.indexOf(' = i') + 1);
  const json = JSON.parse(run(['check', '--format', 'json', './...'], dir).stdout) as { findings: { location: { column: number } }[] };
  assert.equal(json.findings[0]!.location.column, byteCol);
});

test('paths are relative to the current directory, also from inside the module', () => {
  const dir = tempTree('conv', { 'go.mod': GO_MOD, 'cmd/app/main.go': WIDE });
  assert.match(run(['check', '--format', 'line', './...'], dir).stdout, /^cmd\/app\/main\.go:12:\d+: /);
  assert.match(run(['check', '--format', 'line', './...'], path.join(dir, 'cmd')).stdout, /^app\/main\.go:12:\d+: /);
  assert.match(run(['check', '--format', 'line', '../...'], path.join(dir, 'cmd', 'app')).stdout, /^main\.go:12:\d+: /);
});

test('--fail-on: exit 1 only for findings of that severity or worse', () => {
  // MR0001 (an ignore without a reason) is a warning; the race it silences is not reported.
  const dir = tempTree('conv', { 'go.mod': GO_MOD, 'main.go': WIDE.replace('/* 注意 */ ', '//maprace:ignore MR1001\n\t\t\t') });
  assert.equal(run(['check', './...'], dir).code, 1);
  assert.equal(run(['check', '--fail-on', 'warning', './...'], dir).code, 1);
  const r = run(['check', '--fail-on', 'error', './...'], dir);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /MR0001/, 'the finding is still reported');
  assert.equal(run(['check', '--fail-on', 'none', './...'], dir).code, 0);
  assert.equal(run(['check', '--fail-on', 'fatal', './...'], dir).code, 2);
});

test('--list-checks and --version', () => {
  const list = run(['check', '--list-checks'], REPO);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^MR0001 {2}ignore-without-reason +on +warning +a maprace:ignore directive gives no reason$/m);
  assert.match(list.stdout, /^MR1002 {2}unlocked-field-map +on +error /m);
  const codes = list.stdout.trim().split('\n').map((l) => l.slice(0, 6));
  assert.deepEqual(codes, [...codes].sort(), 'sorted by code');
  assert.equal(codes.length, 7);
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'tree-sitter-go', 'package.json'), 'utf8')) as { version: string };
  const v = run(['--version'], REPO);
  assert.equal(v.code, 0);
  assert.match(v.stdout, new RegExp(`^maprace \\d+\\.\\d+\\.\\d+ \\(Go grammar tree-sitter-go ${grammar.version.replace(/\./g, '\\.')}, web-tree-sitter \\d`));
});

test('never a silent pass: patterns without Go files, no go.mod, syntax errors', () => {
  const dir = tempTree('conv', { 'go.mod': GO_MOD, 'docs/README.md': '# no Go here\n', 'main.go': 'package main\n\nfunc main() {}\n' });
  const empty = run(['check', './docs/...'], dir);
  assert.equal(empty.code, 2, 'nothing analysed');
  assert.match(empty.stderr, /warning: \.\/docs\/\.\.\.: matched no Go files/);
  assert.match(empty.stderr, /nothing was analysed/);
  const some = run(['check', './docs/...', './...'], dir);
  assert.equal(some.code, 0, 'something was analysed');
  assert.match(some.stderr, /warning: \.\/docs\/\.\.\.: matched no Go files/);

  const noMod = tempTree('conv', { 'main.go': WIDE });
  const r = run(['check', './...'], noMod);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /warning: no go\.mod or go\.work above \./);

  const broken = tempTree('conv', { 'go.mod': GO_MOD, 'main.go': WIDE.replace('wg.Wait()', 'wg.Wait(') });
  const b = run(['check', '--format', 'json', './...'], broken);
  assert.match(b.stderr, /warning: main\.go: syntax error at \d+:\d+/);
  const doc = JSON.parse(b.stdout) as { warnings: { file: string; message: string }[]; findings: unknown[] };
  assert.equal(doc.warnings[0]!.file, 'main.go');
  assert.equal(doc.findings.length, 1, 'what parses is still analysed');
});

test('.pre-commit-hooks.yaml: a node hook that runs the package bin once on the module', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.equal(hook.id, 'maprace');
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'maprace check');
  assert.ok(pkg.bin.maprace, 'the entry is the package bin');
  assert.ok(pkg.scripts.prepack, 'pre-commit installs node hooks with npm pack, which must build');
  assert.deepEqual(hook.types, ['go']);
  assert.equal(hook.pass_filenames, false);
});
