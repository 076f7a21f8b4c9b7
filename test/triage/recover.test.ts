// Frames whose call line was lost (issue 13, item 4): kept with their file:line and no invented name, and named
// from the source tree with --source, marked as such in every format; the culprit is then the clean dump's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Triage } from '../../src/triage/analyze.js';
import { DumpReader } from '../../src/triage/reader.js';
import { CLI, REPO } from '../paths.js';
import { damage } from './damage.js';

const DUMPS = path.join(REPO, 'test', 'triage', 'dumps');
const damaged = (name: string) => damage(fs.readFileSync(path.join(DUMPS, name), 'utf8'), ['function-lines-dropped']).toString('utf8');
const cli = (args: string[], input: string) => spawnSync(process.execPath, [CLI, 'triage', ...args, '-'], { cwd: REPO, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('without --source a frame that lost its call line is kept with its file:line, not given a name', () => {
  const t = new Triage();
  const reader = new DumpReader(t);
  reader.write(damaged('writes-local-all.txt'));
  reader.end();
  const c = t.result.crashes[0]!;
  assert.equal(c.kind, 'concurrent map writes');
  // The runtime's frames are told apart by their GOROOT paths: the culprit is the first user frame.
  assert.deepEqual(c.culprit?.access, { func: '', file: '/work/main/test/triage/programs/writes/main.go', line: 9 });
  assert.deepEqual(c.culprit?.stack.map((f) => `${f.func}@${path.basename(f.file)}:${f.line}`), ['@panic.go:1181', '@main.go:9', '@main.go:15']);
  assert.match(cli([], damaged('writes-local-all.txt')).stdout, /at \(function name lost\) {2}\/work\/main\/test\/triage\/programs\/writes\/main\.go:9\n/);
});

test('race reports keep frames without call lines too', () => {
  const t = new Triage();
  const reader = new DumpReader(t);
  reader.write(damaged('race-local-all.txt'));
  reader.end();
  const r = t.result.races[0]!;
  assert.deepEqual(r.accesses.map((a) => `${a.op} ${a.access?.func}@${path.basename(a.access?.file ?? '')}:${a.access?.line}`), ['read @main.go:16', 'write @main.go:16']);
});

test('--source names the frame, marked in text, JSON (schema) and HTML, and the culprit is the clean one', () => {
  const text = cli(['--source', 'test/triage/programs'], damaged('writes-local-all.txt'));
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /culprit: goroutine 17 \[running\] wrote the map\n {4}at main\.register \(function name from source\) {2}writes\/main\.go:9\n/);
  assert.match(text.stdout, /maprace check: /);

  const json = JSON.parse(cli(['--format', 'json', '--source', 'test/triage/programs'], damaged('readwrite-local-all.txt')).stdout) as { crashes: { kind: string; culprit: { access: object } }[] };
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-triage.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const clean = JSON.parse(cli(['--format', 'json'], fs.readFileSync(path.join(DUMPS, 'readwrite-local-all.txt'), 'utf8')).stdout) as typeof json;
  assert.equal(json.crashes[0]!.kind, clean.crashes[0]!.kind);
  assert.deepEqual(json.crashes[0]!.culprit.access, { ...clean.crashes[0]!.culprit.access, funcFromSource: true });

  const html = cli(['--format', 'html', '--source', 'test/triage/programs'], damaged('writes-local-all.txt')).stdout;
  assert.match(html, /main\.register \(function name from source\)/);
});
