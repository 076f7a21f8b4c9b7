// The dump reader: a line state machine that finds Go crashes and race-detector reports in any log and passes
// over everything else. It emits events instead of building whole dumps, so a million-goroutine dump is
// grouped as it streams by (see analyze.ts) and memory stays flat.
//
// States:
//   idle         looking for a crash header (`fatal error: ...`, `panic: ...`, `SIGSEGV: ...`) or
//                `WARNING: DATA RACE`; every other line is log text and is passed over.
//   header       after a crash header, before the first goroutine: collects notes (`[signal ...]`, nested
//                `panic:` lines, `goroutine N gp=... m=...` of the system traceback). Gives up after 64 lines
//                without a goroutine header (it was a log line that merely looked like a header).
//   stack        inside a goroutine: a function line (`pkg.Func(args)`), then its file line
//                (`<tab>/path/file.go:123 +0x45`), `created by X in goroutine N` + file line,
//                `...additional frames elided...` / `...N frames elided...`, `goroutine running on other thread; stack unavailable`.
//                A blank line ends the goroutine (back to `between`).
//   between      after a goroutine: a goroutine header starts the next one; a new crash header starts a new
//                crash; anything else ends the crash (`exit status 2`, the next log line).
//   race         inside a race report, up to the `==================` line: access sections
//                (`Write at 0x... by goroutine 7:`, `Previous read at ... by main goroutine:`) and
//                `Goroutine 7 (running) created at:` sections, each followed by indented frames.
// Lines are normalised first (lines.ts): log prefixes and JSON-lines wrappers are removed and tabs may have
// become spaces, so frames are recognised by shape, not by exact indentation.
import type { Call, Crash, CrashKind, Goroutine, RaceReport } from './model.js';

export interface DumpEvents {
  crashStart(crash: Crash): void;
  goroutine(g: Goroutine, crash: Crash): void;
  crashEnd(crash: Crash): void;
  race(report: RaceReport): void;
  /**
   * A goroutine whose block is `like`'s but for its number, argument values, wait flags, frame pointers and
   * creating goroutine (the fast path in reader.ts): true if it was counted from `like` alone; false if it
   * must be parsed and sent to `goroutine` after all.
   */
  repeat(id: number, lineNo: number, like: Goroutine, crash: Crash): boolean;
}

const CRASH_HEADER = /^(fatal error|panic|SIGSEGV|SIGBUS|SIGILL|SIGFPE|SIGABRT|SIGQUIT): ?(.*)$/;
const GOROUTINE_HEADER = /^goroutine (\d+)(?: gp=\S+)?(?: m=\S+)?(?: mp=\S+)? \[([^\]]*)\]:\s*$/;
const FILE_LINE = /^\s+(.+?):(\d+)(?: \+0x[0-9a-f]+)?(?: .*)?$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const RACE_ACCESS = /^\s*(Previous )?(read|write|Read|Write)(?: \(malloc\))? at (0x[0-9a-f]+) by (?:goroutine (\d+)|(main) goroutine):$/;
const RACE_CREATED = /^\s*Goroutine (\d+) \(([^)]*)\) created at:$/;
const MAX_HEADER_LINES = 64;
const MAX_FRAMES = 1024;

type State = 'idle' | 'header' | 'stack' | 'between' | 'race';

export class DumpParser {
  private state: State = 'idle';
  private crash: Crash | undefined;
  private g: Goroutine | undefined;
  private pendingFunc: { func: string; args: string } | undefined;
  private pendingCreated: { func: string; goroutine?: number } | undefined;
  private headerLines = 0;
  private race: RaceReport | undefined;
  private raceStack: Call[] | undefined;

  constructor(private readonly events: DumpEvents) {}

  push(lineNo: number, raw: string): void {
    const last = raw.charCodeAt(raw.length - 1);
    const line = last === 32 || last === 9 || last === 13 ? raw.trimEnd() : raw;
    switch (this.state) {
      case 'idle':
        return this.idle(lineNo, line);
      case 'header':
        return this.header(lineNo, line);
      case 'stack':
        return this.stack(lineNo, line);
      case 'between':
        return this.between(lineNo, line);
      case 'race':
        return this.raceLine(lineNo, line);
    }
  }

  /** Between two goroutines of a crash: where the next goroutine header starts a new goroutine. */
  get atGoroutineBoundary(): boolean {
    return this.state === 'between' && this.crash !== undefined;
  }

  /** A goroutine that stands in the input where a header would be read now (see `DumpEvents.repeat`). */
  repeat(lineNo: number, id: number, like: Goroutine): boolean {
    return this.atGoroutineBoundary && this.events.repeat(id, lineNo, like, this.crash!);
  }

  /** End of input: whatever is open is truncated. */
  finish(): void {
    if (this.crash) {
      if (this.state === 'stack' || this.state === 'header') this.crash.truncated = true;
      this.endCrash();
    }
    if (this.race) this.endRace();
  }

  private idle(lineNo: number, line: string): void {
    if (line.trim() === 'WARNING: DATA RACE') {
      this.race = { line: lineNo, accesses: [], created: [] };
      this.raceStack = undefined;
      this.state = 'race';
      return;
    }
    const m = CRASH_HEADER.exec(line);
    if (m) this.startCrash(lineNo, m[1]!, m[2] ?? '');
  }

  private startCrash(lineNo: number, word: string, rest: string): void {
    if (this.crash) this.endCrash();
    this.crash = { kind: crashKind(word, rest), message: rest, line: lineNo, notes: [], goroutines: [], truncated: false };
    this.headerLines = 0;
    this.state = 'header';
    this.events.crashStart(this.crash);
  }

  private header(lineNo: number, line: string): void {
    if (this.startGoroutine(lineNo, line)) return;
    const m = CRASH_HEADER.exec(line);
    if (m && m[1] === 'fatal error' && this.crash?.kind === 'panic') {
      // `panic: ...` then `fatal error: ...` (e.g. panic during panic): the fatal error names the crash.
      this.crash.notes.push(line);
      return;
    }
    if (line.trim()) this.crash?.notes.push(line.trim());
    if (++this.headerLines > MAX_HEADER_LINES) {
      // A log line that looked like a header: forget it.
      this.crash = undefined;
      this.state = 'idle';
    }
  }

  private startGoroutine(lineNo: number, line: string): boolean {
    const m = GOROUTINE_HEADER.exec(line.trim());
    if (!m || !this.crash) return false;
    this.endGoroutine();
    const [state, ...flags] = m[2]!.split(', ');
    const minutes = flags.find((f) => / minutes?$/.test(f));
    this.g = {
      id: Number(m[1]),
      state: state ?? '',
      lockedToThread: flags.includes('locked to thread'),
      stack: [],
      elided: false,
      stackUnavailable: false,
      line: lineNo,
    };
    if (minutes) this.g.waitMinutes = Number.parseInt(minutes, 10);
    this.pendingFunc = undefined;
    this.pendingCreated = undefined;
    this.state = 'stack';
    return true;
  }

  private stack(lineNo: number, line: string): void {
    const g = this.g!;
    // Fast path for the two lines every frame has: `<tab>/path/file.go:123 +0x45` and `pkg.Func(args)`.
    if (line.charCodeAt(0) === 9 && this.pendingFunc && !this.pendingCreated) {
      const loc = fileLine(line);
      if (loc) {
        if (g.stack.length < MAX_FRAMES) g.stack.push({ func: this.pendingFunc.func, args: this.pendingFunc.args, file: loc.file, line: loc.line, inlined: this.pendingFunc.args === '...' });
        else g.elided = true;
        this.pendingFunc = undefined;
        return;
      }
    }
    const c0 = line.charCodeAt(0);
    if (c0 !== 9 && c0 !== 32 && !this.pendingFunc && line.endsWith(')') && !line.startsWith('created by ') && !line.startsWith('goroutine ')) {
      const fn = splitCall(line);
      if (fn) {
        this.pendingFunc = fn;
        return;
      }
    }
    const trimmed = line.trim();
    if (!trimmed) {
      this.endGoroutine();
      this.state = 'between';
      return;
    }
    if (this.startGoroutine(lineNo, line)) return;
    const file = FILE_LINE.exec(line);
    if (file && (this.pendingFunc || this.pendingCreated)) {
      const loc = { file: file[1]!, line: Number(file[2]) };
      if (this.pendingCreated) {
        g.createdBy = { func: this.pendingCreated.func, ...loc };
        if (this.pendingCreated.goroutine !== undefined) g.createdBy.goroutine = this.pendingCreated.goroutine;
        this.pendingCreated = undefined;
      } else if (this.pendingFunc) {
        if (g.stack.length < MAX_FRAMES) g.stack.push({ func: this.pendingFunc.func, args: this.pendingFunc.args, ...loc, inlined: this.pendingFunc.args === '...' });
        else g.elided = true;
        this.pendingFunc = undefined;
      }
      return;
    }
    // `...additional frames elided...` (up to Go 1.22) and `...N frames elided...` (Go 1.23+, which keeps the
    // outermost frames after it).
    if (trimmed === '...additional frames elided...' || /^\.\.\.\d+ frames elided\.\.\.$/.test(trimmed)) {
      g.elided = true;
      return;
    }
    if (trimmed === 'goroutine running on other thread; stack unavailable') {
      g.stackUnavailable = true;
      return;
    }
    const created = CREATED_BY.exec(trimmed);
    if (created) {
      this.pendingFunc = undefined;
      this.pendingCreated = { func: created[1]! };
      if (created[2]) this.pendingCreated.goroutine = Number(created[2]);
      return;
    }
    const fn = splitCall(trimmed);
    if (fn && !line.startsWith('\t') && !line.startsWith('        ')) {
      this.pendingFunc = fn;
      return;
    }
    const header = CRASH_HEADER.exec(trimmed);
    if (header) {
      // Interleaved output: a second crash begins inside this one.
      this.crash!.truncated = true;
      this.startCrash(lineNo, header[1]!, header[2] ?? '');
      return;
    }
    if (/^[^\s]+\.[^\s]*$/.test(trimmed) && !/^\s/.test(line)) {
      // A function line without its argument list: the dump was cut here (a last line, or the line cap). Stay in
      // the stack; if the input ends now, the crash is reported as truncated.
      this.pendingFunc = undefined;
      return;
    }
    // Anything else inside a stack (a log line written by another goroutine): ends this crash's stacks.
    this.endGoroutine();
    this.state = 'between';
    this.between(lineNo, line);
  }

  private between(lineNo: number, line: string): void {
    if (!line.trim()) return;
    if (this.startGoroutine(lineNo, line)) return;
    this.endCrash();
    this.idle(lineNo, line);
  }

  private endGoroutine(): void {
    if (this.g && this.crash) this.events.goroutine(this.g, this.crash);
    this.g = undefined;
  }

  private endCrash(): void {
    this.endGoroutine();
    if (this.crash) this.events.crashEnd(this.crash);
    this.crash = undefined;
    this.state = 'idle';
  }

  private raceLine(lineNo: number, line: string): void {
    const r = this.race!;
    const trimmed = line.trim();
    if (/^={10,}$/.test(trimmed)) {
      this.endRace();
      return;
    }
    const access = RACE_ACCESS.exec(line);
    if (access) {
      this.raceStack = [];
      r.accesses.push({
        op: access[2]!.toLowerCase() as 'read' | 'write',
        previous: !!access[1],
        address: access[3]!,
        goroutine: access[5] ? 0 : Number(access[4]),
        stack: this.raceStack,
      });
      return;
    }
    const created = RACE_CREATED.exec(line);
    if (created) {
      this.raceStack = [];
      r.created.push({ goroutine: Number(created[1]), state: created[2]!, stack: this.raceStack });
      return;
    }
    const file = FILE_LINE.exec(line);
    if (file && this.pendingFunc && this.raceStack) {
      if (this.raceStack.length < MAX_FRAMES) this.raceStack.push({ func: this.pendingFunc.func, args: this.pendingFunc.args, file: file[1]!, line: Number(file[2]), inlined: false });
      this.pendingFunc = undefined;
      return;
    }
    const fn = splitCall(trimmed);
    if (fn) {
      this.pendingFunc = fn;
      return;
    }
    if (++lineNo && r.accesses.length === 0 && trimmed && !/^WARNING/.test(trimmed) && lineNo - r.line > MAX_HEADER_LINES) this.endRace();
  }

  private endRace(): void {
    if (this.race && this.race.accesses.length > 0) this.events.race(this.race);
    this.race = undefined;
    this.raceStack = undefined;
    this.pendingFunc = undefined;
    this.state = 'idle';
  }
}

/**
 * `main.(*cache).get(0xc000010000, {0x4b5c1a, 0x3})` → func `main.(*cache).get`, args `0xc000010000, {...}`:
 * the argument list is the balanced parenthesised group at the end of the line.
 */
export function splitCall(line: string): { func: string; args: string } | undefined {
  if (!line.endsWith(')')) return undefined;
  const open = line.lastIndexOf('(');
  const args = line.slice(open + 1, -1);
  if (open > 0 && !args.includes(')')) {
    // The common case: no parentheses inside the argument list.
    const func = line.slice(0, open);
    return func.includes(' ') || func.includes('\t') ? undefined : { func, args };
  }
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const ch = line[i];
    if (ch === ')') depth++;
    else if (ch === '(' && --depth === 0) {
      const func = line.slice(0, i);
      if (!func || /\s/.test(func)) return undefined;
      return { func, args: line.slice(i + 1, -1) };
    }
  }
  return undefined;
}

/** `<tab>/path/to/file.go:123 +0x45 fp=... sp=...` → file and line, without a regexp. */
function fileLine(line: string): { file: string; line: number } | undefined {
  let end = line.indexOf(' +0x');
  if (end < 0) end = line.indexOf(' ', 1);
  if (end < 0) end = line.length;
  const colon = line.lastIndexOf(':', end);
  if (colon <= 1) return undefined;
  const n = Number(line.slice(colon + 1, end));
  if (!Number.isInteger(n)) return undefined;
  return { file: line.slice(1, colon), line: n };
}

function crashKind(word: string, rest: string): CrashKind {
  if (word === 'fatal error') {
    const m = /^concurrent map (writes|read and map write|iteration and map write|clone and map write)/.exec(rest);
    return m ? (`concurrent map ${m[1]}` as CrashKind) : 'fatal error';
  }
  return word === 'panic' ? 'panic' : 'signal';
}
