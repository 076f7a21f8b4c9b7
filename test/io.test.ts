// I/O failures of both commands are clear messages with exit status 2, never stack traces; a reader that closes
// standard output early ends the run quietly with its usual exit status.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, runUnprivileged, tempTree } from './paths.js';

const CRASH = 'fatal error: concurrent map writes\n\ngoroutine 7 [running]:\nmain.register(...)\n\t/build/main.go:3\ncreated by main.main in goroutine 1\n\t/build/main.go:9 +0x45\n';

function triage(args: string[], cwd: string, stdin: number | 'pipe' = 'pipe') {
  const r = spawnSync(process.execPath, [CLI, 'triage', ...args], { cwd, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (stderr: string) => assert.doesNotMatch(stderr, /internal error|\n\s+at /, stderr);

test('triage: a directory, an unwritable -o, a --source that is a file: exit 2 with a message', () => {
  const dir = tempTree('triage-io', { 'crash.txt': CRASH, 'somedir/x': '' });
  const cases: [string[], RegExp][] = [
    [['somedir'], /^maprace: somedir: is a directory$/m],
    [['-o', 'missing/x.txt', 'crash.txt'], /^maprace: cannot write missing\/x\.txt: ENOENT/m],
    [['-o', 'somedir', 'crash.txt'], /^maprace: cannot write somedir: EISDIR/m],
    [['--source', 'crash.txt', 'crash.txt'], /^maprace: --source crash\.txt: not a directory$/m],
  ];
  for (const [args, message] of cases) {
    const r = triage(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    noStack(r.stderr);
  }
  // A directory as standard input reads as nothing: "no crash" would be a wrong answer.
  const fd = fs.openSync(path.join(dir, 'somedir'), 'r');
  try {
    const r = triage([], dir, fd);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /^maprace: cannot read standard input: it is a directory$/m);
  } finally {
    fs.closeSync(fd);
  }
});

test('triage --source: a file over the size limit is not read; its code is left out with a warning', () => {
  const dir = tempTree('triage-src', { 'crash.txt': CRASH, 'src/go.mod': 'module example.com/racer\n', 'src/main.go': 'package main\n' });
  // 17 MB, over the 16 MB that code frames read (a file read whole used to end in "Cannot create a string").
  fs.appendFileSync(path.join(dir, 'src', 'main.go'), `// ${'x'.repeat(17 * 1024 * 1024)}\n`);
  const r = triage(['--source', 'src', 'crash.txt'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /at main\.register\s+main\.go:3/);
  assert.match(r.stderr, /^maprace: warning: --source: the code of main\.go is not shown: \d+ bytes is over the 16777216-byte limit$/m);
  noStack(r.stderr);
});

test('triage: an unreadable FILE is exit 2; an unreadable --source file leaves its code out with a warning', (t) => {
  const dir = tempTree('triage-perm', { 'crash.txt': CRASH, 'locked.txt': CRASH, 'src/go.mod': 'module example.com/racer\n', 'src/main.go': 'package main\n' });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'src'), 0o755);
  fs.chmodSync(path.join(dir, 'locked.txt'), 0o000);
  fs.chmodSync(path.join(dir, 'src', 'main.go'), 0o000);
  const r = runUnprivileged(['triage', 'locked.txt'], dir);
  if (!r) return t.skip('running as root without setpriv, or the checkout is out of an unprivileged user\'s reach');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^maprace: cannot read locked\.txt: EACCES/m);
  noStack(r.stderr);
  const s = runUnprivileged(['triage', '--source', 'src', 'crash.txt'], dir)!;
  assert.equal(s.code, 1, s.stderr);
  assert.match(s.stderr, /^maprace: warning: --source: the code of main\.go is not shown: EACCES/m);
  noStack(s.stderr);
});

/** Runs the CLI, reads the first chunk of its output, closes the pipe, and returns its exit status and stderr. */
function closeEarly(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

test('standard output closed early (| head): no EPIPE stack, the usual exit status', async () => {
  const groups = Array.from({ length: 3000 }, (_, i) => `goroutine ${i + 10} [chan receive]:\nmain.f${i}()\n\t/src/main.go:${i + 1} +0x1\n`).join('\n');
  const racy = (i: number) => `var reg${i} = map[int]int{}\n\nfunc w${i}(i int) { reg${i}[i] = i }\n\nfunc Start${i}() {\n\tgo w${i}(1)\n\tgo w${i}(2)\n}\n`;
  const dir = tempTree('epipe', {
    'many.txt': `${CRASH}\n${groups}`,
    'go.mod': 'module example.com/x\n',
    'p.go': `package p\n\n${Array.from({ length: 150 }, (_, i) => racy(i)).join('\n')}`,
  });
  for (const args of [['triage', '-f', 'html', 'many.txt'], ['check', '--format', 'json', './...']]) {
    const r = await closeEarly(args, dir);
    assert.ok(r.read > 0);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /, r.stderr);
  }
});
