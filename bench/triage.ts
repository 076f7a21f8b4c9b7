// `npm run bench:triage`: generates Go crash dumps of 10k, 100k and 1M goroutines (in the format of the Go
// 1.26 runtime, GOTRACEBACK=all) into .bench/, then measures `maprace triage` and, when installed, panicparse's
// `pp` on the same files: median wall time, CPU time (user + system), MB/s and peak RSS (GNU time), with the
// load averages before and after (on a shared machine the wall times are upper bounds; CPU time is steadier).
// Sizes can be given as arguments.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const CLI = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
const OUT = path.join(REPO, '.bench');

const SHAPES = [
  (id: number) => `goroutine ${id} [chan receive, 12 minutes]:\nmain.idle(0xc0000a2000)\n\t/go/src/app/worker.go:14 +0x2b\ncreated by main.main in goroutine 1\n\t/go/src/app/main.go:17 +0x4f\n`,
  (id: number) => `goroutine ${id} [select]:\nnet/http.(*persistConn).writeLoop(0xc000190000)\n\t/usr/local/go/src/net/http/transport.go:2590 +0xe7\ncreated by net/http.(*Transport).dialConn in goroutine ${id - 1}\n\t/usr/local/go/src/net/http/transport.go:1945 +0x1725\n`,
  (id: number) => `goroutine ${id} [IO wait]:\ninternal/poll.runtime_pollWait(0x7f1e2c0a1e28, 0x72)\n\t/usr/local/go/src/runtime/netpoll.go:351 +0x85\ninternal/poll.(*pollDesc).wait(0xc0001a4000?, 0xc0001c2000?, 0x0)\n\t/usr/local/go/src/internal/poll/fd_poll_runtime.go:84 +0x27\nnet.(*conn).Read(0xc000116000, {0xc0001c2000?, 0x1000?, 0x1000?})\n\t/usr/local/go/src/net/net.go:194 +0x45\ncreated by net/http.(*Server).Serve in goroutine 1\n\t/usr/local/go/src/net/http/server.go:3454 +0x485\n`,
  (id: number) => `goroutine ${id} [semacquire, 3 minutes]:\nsync.runtime_SemacquireMutex(0xc00001e0b4?, 0x0?, 0x1?)\n\t/usr/local/go/src/runtime/sema.go:95 +0x25\nsync.(*Mutex).lockSlow(0xc00001e0b0)\n\t/usr/local/go/src/sync/mutex.go:173 +0x15d\nexample.com/ctrl/pkg/cache.(*Store).Get(0xc00001e0b0, {0xc000456780, 0x10})\n\t/workspace/pkg/cache/store.go:88 +0x65\ncreated by example.com/ctrl/pkg/controller.(*Controller).Run in goroutine 1\n\t/workspace/pkg/controller/controller.go:120 +0x1a5\n`,
];

function generate(n: number): string {
  const file = path.join(OUT, `dump-${n}.txt`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(OUT, { recursive: true });
  const fd = fs.openSync(file, 'w');
  const write = (s: string) => fs.writeSync(fd, s);
  write('I1128 10:00:00.000000       1 controller.go:42] Starting workers\nfatal error: concurrent map writes\n\n');
  write('goroutine 7 [running]:\ninternal/runtime/maps.fatal({0x1c3b2a5?, 0x0?})\n\t/usr/local/go/src/runtime/panic.go:1181 +0x18\nexample.com/ctrl/pkg/controller.(*Controller).markProcessed(...)\n\t/workspace/pkg/controller/controller.go:210\nexample.com/ctrl/pkg/controller.(*Controller).sync(0xc000224000, {0xc0004a2000, 0x1c})\n\t/workspace/pkg/controller/controller.go:188 +0x2c5\ncreated by example.com/ctrl/pkg/controller.(*Controller).Run in goroutine 1\n\t/workspace/pkg/controller/controller.go:118 +0x18f\n\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += SHAPES[i % SHAPES.length]!(100 + i) + '\n';
    if (buf.length > 1 << 20) {
      write(buf);
      buf = '';
    }
  }
  write(buf + 'exit status 2\n');
  fs.closeSync(fd);
  return file;
}

function timed(cmd: string, args: string[], timeoutS: number): { seconds: number; cpu: number; rssMB: number; ok: boolean } {
  const out = path.join(os.tmpdir(), `maprace-bench-${process.pid}.time`);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, cmd, ...args], { stdio: ['ignore', 'ignore', 'ignore'], timeout: timeoutS * 1000 });
  if (r.error || r.signal) return { seconds: (performance.now() - t0) / 1000, cpu: NaN, rssMB: NaN, ok: false };
  const [sec, user, sys, kb] = fs.readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return { seconds: sec ?? NaN, cpu: (user ?? NaN) + (sys ?? NaN), rssMB: (kb ?? NaN) / 1024, ok: r.status === 0 || r.status === 1 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const pp = spawnSync('sh', ['-c', 'command -v panicparse || command -v pp'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '';
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const runs = Number(process.env.RUNS) || 5;
const PP_LIMIT_S = Number(process.env.PP_LIMIT_S) || 300;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average before: ${load()} (${os.cpus().length} cores); ${runs} maprace runs per size, medians`);
console.log(`| goroutines | dump MB | maprace s | maprace CPU s | maprace MB/s | maprace MB/s (CPU) | maprace RSS MB | ${pp ? 'panicparse s | panicparse MB/s | panicparse RSS MB | speed-up |' : ''}`);
console.log(`| --- | --- | --- | --- | --- | --- | --- | ${pp ? '--- | --- | --- | --- |' : ''}`);
for (const n of sizes.length ? sizes : [10_000, 100_000, 1_000_000]) {
  const file = generate(n);
  const mb = fs.statSync(file).size / 1e6;
  const ours = Array.from({ length: runs }, () => timed(process.execPath, [CLI, 'triage', '--format', 'json', '-o', '/dev/null', file], 600));
  const s = median(ours.map((o) => o.seconds));
  const cpu = median(ours.map((o) => o.cpu));
  const rss = median(ours.map((o) => o.rssMB));
  let row = `| ${n.toLocaleString('en-US')} | ${mb.toFixed(1)} | ${s.toFixed(2)} | ${cpu.toFixed(2)} | ${(mb / s).toFixed(0)} | ${(mb / cpu).toFixed(0)} | ${rss.toFixed(0)} |`;
  if (pp) {
    // One run: panicparse takes minutes on the larger dumps. A run past the limit is reported as such.
    const t = timed(pp, [file], PP_LIMIT_S);
    row += t.seconds >= PP_LIMIT_S - 1 || !Number.isFinite(t.seconds)
      ? ` > ${PP_LIMIT_S} (stopped) | < ${(mb / PP_LIMIT_S).toFixed(1)} | ${Number.isFinite(t.rssMB) ? t.rssMB.toFixed(0) : '?'} | > ${(PP_LIMIT_S / s).toFixed(0)}x |`
      : ` ${t.seconds.toFixed(2)} | ${(mb / t.seconds).toFixed(1)} | ${t.rssMB.toFixed(0)} | ${(t.seconds / s).toFixed(1)}x |`;
  }
  console.log(row);
}
console.log(`load average after: ${load()}`);
