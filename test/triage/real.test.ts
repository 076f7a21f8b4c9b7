// Crash logs and race reports as people posted them in public issues of the dev repositories
// (test/triage/real/, listed with their URL and the expected culprit and kind in logs.json), and the
// decorations of the hostile-input review's defect D9 (ANSI colours, journald prefixes, UTF-16).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { triage } from '../../src/triage/index.js';
import { CLI, REPO } from '../paths.js';

const REAL = path.join(REPO, 'test', 'triage', 'real');
interface Log {
  file: string;
  url: string;
  culprit: string;
  kind: string;
}
const LOGS = JSON.parse(fs.readFileSync(path.join(REAL, 'logs.json'), 'utf8')) as Log[];

async function answer(buf: Buffer): Promise<{ kind: string; culprit?: string }> {
  const r = await triage((async function* () { yield buf; })());
  const c = r.crashes[0];
  if (c) return { kind: c.kind, ...(c.culprit?.access ? { culprit: c.culprit.access.func } : {}) };
  const race = r.races[0]?.accesses[0];
  return race ? { kind: 'data race', ...(race.access ? { culprit: race.access.func } : {}) } : { kind: 'nothing' };
}

// The repositories the logs may come from: ../shared/dev-repos.txt beside the checkout (or beside a worktree's
// parent); the URL check is skipped where it is not there.
const DEV_REPOS = [path.join(REPO, '..', 'shared'), path.join(REPO, '..', '..', 'shared')].map((d) => path.join(d, 'dev-repos.txt')).find((f) => fs.existsSync(f));

test('real logs: every file is listed with its URL, culprit and kind, from a dev repository', () => {
  const repos = DEV_REPOS ? fs.readFileSync(DEV_REPOS, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : undefined;
  const files = fs.readdirSync(REAL).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(files.sort(), LOGS.map((l) => l.file).sort());
  assert.ok(LOGS.length >= 25);
  for (const l of LOGS) {
    if (repos) assert.ok(repos.some((r) => l.url.startsWith(`https://github.com/${r}/`)), `${l.file}: ${l.url}`);
    assert.match(l.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull)\/\d+$/, l.file);
    assert.match(l.kind, /^(concurrent map (writes|read and map write|iteration and map write)|data race)$/, l.file);
  }
});

test('real logs: the culprit function and kind are right in at least 95% of them', async () => {
  const wrong: string[] = [];
  for (const l of LOGS) {
    const got = await answer(fs.readFileSync(path.join(REAL, l.file)));
    if (got.kind !== l.kind || got.culprit !== l.culprit) wrong.push(`${l.file}: got ${got.kind} / ${got.culprit}`);
  }
  const share = (LOGS.length - wrong.length) / LOGS.length;
  console.log(`real logs: ${LOGS.length - wrong.length} of ${LOGS.length} right (${(100 * share).toFixed(1)}%)`);
  assert.ok(share >= 0.95, wrong.join('\n'));
  // Each one is expected to stay right: a regression on any of them is a failure too.
  assert.deepEqual(wrong, []);
});

// The reproductions of review D9 (shared/reviews/hostile-input-2026-11-27.md), through the CLI.
const D9: Record<string, Buffer> = {
  'ANSI colours': Buffer.from('\x1b[31mfatal error: concurrent map writes\x1b[0m\n\n\x1b[33mgoroutine 7 [running]:\x1b[0m\nmain.register(...)\n\t/src/main.go:9\ncreated by main.main in goroutine 1\n\t/src/main.go:22 +0x45\n'),
  'journald prefix': Buffer.from('Mar 23 16:08:06 host app[1234]: fatal error: concurrent map writes\nMar 23 16:08:06 host app[1234]: \nMar 23 16:08:06 host app[1234]: goroutine 7 [running]:\nMar 23 16:08:06 host app[1234]: main.register(...)\nMar 23 16:08:06 host app[1234]: \t/src/main.go:9\n'),
  'UTF-16 (PowerShell 2>)': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('fatal error: concurrent map writes\n\ngoroutine 7 [running]:\nmain.register(...)\n\t/src/main.go:9\n', 'utf16le')]),
};

for (const [name, bytes] of Object.entries(D9)) {
  test(`review D9: ${name} hides no crash`, () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-d9-')), 'crash.txt');
    fs.writeFileSync(file, bytes);
    const r = spawnSync(process.execPath, [CLI, 'triage', '--format', 'json', file], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const c = (JSON.parse(r.stdout) as { crashes: { kind: string; culprit: { goroutine: number; access: { func: string; line: number } } }[] }).crashes[0]!;
    assert.equal(c.kind, 'concurrent map writes');
    assert.equal(c.culprit.goroutine, 7);
    assert.deepEqual([c.culprit.access.func, c.culprit.access.line], ['main.register', 9]);
  });
}

test('the culprit is user code: standard-library frames are passed (and the one the access called is shown), a module\'s own internal and runtime packages are not', async () => {
  const dump = (frames: string[]) => Buffer.from(`fatal error: concurrent map read and map write\n\ngoroutine 9 [running]:\n${frames.map((f) => `${f}(0x1)\n\t/src/x.go:1 +0x1\n`).join('')}`);
  const culprit = async (frames: string[]) => {
    const r = await triage((async function* () { yield dump(frames); })());
    const p = r.crashes[0]?.culprit;
    return [p?.access?.func, p?.via?.func];
  };
  assert.deepEqual(await culprit(['internal/runtime/maps.fatal', 'net/textproto.MIMEHeader.Get', 'net/http.Header.Get', 'main.handler', 'net/http.HandlerFunc.ServeHTTP']), ['main.handler', 'net/http.Header.Get']);
  assert.deepEqual(await culprit(['runtime.mapaccess2', 'encoding/json.(*encodeState).reflectValue', 'encoding/json.Marshal', 'example.com/app/api.(*Server).status']), ['example.com/app/api.(*Server).status', 'encoding/json.Marshal']);
  assert.deepEqual(await culprit(['runtime.mapaccess1_faststr', 'text/template.(*state).evalField', 'text/template.(*Template).Execute', 'k8s.io/apimachinery/pkg/runtime.(*Scheme).New']), ['k8s.io/apimachinery/pkg/runtime.(*Scheme).New', 'text/template.(*Template).Execute']);
  assert.deepEqual(await culprit(['runtime.mapassign_faststr', 'github.com/acme/app/internal/maps.Put', 'main.main']), ['github.com/acme/app/internal/maps.Put', undefined]);
  assert.deepEqual(await culprit(['runtime.mapaccess1', 'sync.(*Map).Load', 'reflect.Value.MapIndex', 'github.com/acme/app/cache.Get[go.shape.string]', 'main.main']), ['github.com/acme/app/cache.Get[go.shape.string]', 'reflect.Value.MapIndex']);
  assert.deepEqual(await culprit(['runtime.mapiternext', 'k8s.io/kubernetes/vendor/golang.org/x/net/http2.cloneHeader']), ['k8s.io/kubernetes/vendor/golang.org/x/net/http2.cloneHeader', undefined]);
  // A stack of library frames only: the first outside the runtime.
  assert.deepEqual(await culprit(['runtime.mapaccess1', 'net/http.(*Transport).setReqCanceler', 'net/http.(*persistConn).roundTrip']), ['net/http.(*Transport).setReqCanceler', undefined]);
});
