// The dump reader: a line state machine that finds Go crashes and race-detector reports in any log and passes
// over everything else. It emits events instead of building whole dumps, so a million-goroutine dump is
// grouped as it streams by (see analyze.ts) and memory stays flat.
//
// States:
//   idle         looking for a crash header (`fatal error: ...`, `panic: ...`, `SIGSEGV: ...`) or
//                `WARNING: DATA RACE`; every other line is log text and is passed over. A dump whose header was
//                lost (cut, or never copied) starts at a goroutine header or at a map runtime frame: its kind
//                is inferred from the first goroutine's frames (`inferKind`), and it is kept only if that
//                goroutine is inside a map crash. A race report whose `WARNING` line was lost starts at its first
//                access section.
//   header       after a crash header, before the first goroutine: collects notes (`[signal ...]`, nested
//                `panic:` lines, `goroutine N gp=... m=...` of the system traceback). Gives up after 64 lines
//                without a goroutine header (it was a log line that merely looked like a header). Frames
//                before any goroutine header (the header was cut) make a goroutine whose number is unknown (0).
//   stack        inside a goroutine: a function line (`pkg.Func(args)`), then its file line
//                (`<tab>/path/file.go:123 +0x45`; a file line alone, right after another frame or a header, is a
//                frame whose function is unknown, ''), `created by X in goroutine N` + file line,
//                `...additional frames elided...` / `...N frames elided...`, `goroutine running on other thread; stack unavailable`.
//                A blank line ends the goroutine (back to `between`). A call line cut by a hard wrap is joined
//                with the next line. Up to MAX_FOREIGN other lines in a row (log lines of other goroutines,
//                wrapped tails) are passed over; more end the goroutine.
//   between      after a goroutine: a goroutine header starts the next one; a new crash header or race report
//                starts a new one; up to MAX_FOREIGN other lines in a row are passed over, more end the crash.
//   race         inside a race report, up to the `==================` line: access sections
//                (`Write at 0x... by goroutine 7:`, `Previous read at ... by main goroutine:`) and
//                `Goroutine 7 (running) created at:` sections, each followed by indented frames.
// Lines are normalised first (normalize.ts): log prefixes, JSON-lines wrappers and markdown are removed, file
// lines come with one tab and every other line without indentation.
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
/** A file line that stands for a frame on its own: a `.go` path without spaces and nothing after the offset but the frame pointers of a crashing goroutine (a log line such as klog's `I0323 16:08:06.471234 1 controller.go:42]` cut by a hard wrap is not one). */
const LONE_FILE_LINE = /^\t\S+\.go:\d+(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const RACE_ACCESS = /^\s*(Previous )?(read|write|Read|Write)(?: \(malloc\))?(?: at (0x[0-9a-f]+))? by (?:goroutine (\d+)|(main) goroutine):$/;
const RACE_CREATED = /^\s*Goroutine (\d+) \(([^)]*)\) created at:$/;
const MAX_HEADER_LINES = 64;
const MAX_FRAMES = 1024;
/** Lines in a row that are not traceback lines, passed over inside a dump before it is taken to have ended. */
const MAX_FOREIGN = 16;
/** A hard-wrapped call line is joined with at most this many characters of the next lines. */
const MAX_WRAP = 4096;
/** The start of a call line (a function name, then maybe part of its arguments), not of a file path. */
const CUT_CALL = /^(?![A-Za-z]:\/)[^\s(/][^\s(]*\.(?![^\s(]*\.go\b)[^\s(]*(?:\(.*)?$/;
/** Frames that start a dump whose header was lost. */
const DUMP_START = /^(?:runtime\.(?:throw|fatal|fatalthrow|map(?:assign|access|delete|iter)\w*)|internal\/runtime\/maps\.)/;

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
  /** The crash has no header: crashStart waits until its first goroutine tells whether it is a map crash. */
  private headerless = false;
  /** `runtime stack:` of a system traceback was seen in the header: its frames are not a goroutine. */
  private runtimeStack = false;
  /** Traceback-less lines seen in a row inside a dump. */
  private foreign = 0;
  /** The start of a call line cut by a hard wrap. */
  private wrapped: string | undefined;
  /** The line before, for headers split by a hard wrap. */
  private prev = '';

  constructor(private readonly events: DumpEvents) {}

  push(lineNo: number, raw: string): void {
    const last = raw.charCodeAt(raw.length - 1);
    const line = last === 32 || last === 9 || last === 13 ? raw.trimEnd() : raw;
    switch (this.state) {
      case 'idle':
        this.idle(lineNo, line);
        break;
      case 'header':
        this.header(lineNo, line);
        break;
      case 'stack':
        this.stack(lineNo, line);
        break;
      case 'between':
        this.between(lineNo, line);
        break;
      case 'race':
        this.raceLine(lineNo, line);
    }
    this.prev = line;
  }

  /**
   * The previous line and this one make a header that a hard wrap split (`fatal ` + `error: ...`,
   * `gorout` + `ine 7 [running]:`): the joined line, else undefined.
   */
  private joinedHeader(line: string, re: RegExp): string | undefined {
    const prev = this.prev;
    if (!prev || prev.length > MAX_WRAP || re.test(prev) || prev.charCodeAt(0) === 9) return undefined;
    // The blank at the cut may have gone with the trailing blanks of the first part.
    for (const joined of [prev + line, `${prev} ${line}`]) if (re.test(joined)) return joined;
    return undefined;
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
      // Cut in a goroutine or before the first one; not when other lines followed its last frame.
      if ((this.state === 'stack' && !this.foreign) || this.state === 'header') this.crash.truncated = true;
      this.endCrash();
    }
    if (this.race) this.endRace();
  }

  private idle(lineNo: number, line: string): void {
    if (line.trim() === 'WARNING: DATA RACE') return this.startRace(lineNo);
    const m = CRASH_HEADER.exec(line) ?? CRASH_HEADER.exec(this.joinedHeader(line, CRASH_HEADER) ?? '');
    if (m) return this.startCrash(lineNo, m[1]!, m[2] ?? '');
    if (line.startsWith('goroutine ') && GOROUTINE_HEADER.test(line)) {
      this.startHeaderless(lineNo);
      this.startGoroutine(lineNo, line);
      return;
    }
    if (line.charCodeAt(0) !== 9 && DUMP_START.test(line)) {
      const fn = line.endsWith(')') ? splitCall(line) : undefined;
      if (fn || CUT_CALL.test(line)) {
        this.startHeaderless(lineNo);
        this.implicitGoroutine(lineNo);
        if (fn) this.pendingFunc = fn;
        else this.wrapped = line;
        return;
      }
    }
    if (RACE_ACCESS.test(line)) {
      this.startRace(lineNo);
      this.raceLine(lineNo, line);
    }
  }

  private startRace(lineNo: number): void {
    this.race = { line: lineNo, accesses: [], created: [] };
    this.raceStack = undefined;
    this.pendingFunc = undefined;
    this.wrapped = undefined;
    this.state = 'race';
  }

  private startCrash(lineNo: number, word: string, rest: string): void {
    if (this.crash) this.endCrash();
    // `panic: fatal error: concurrent map writes` (a wrapper that prefixed the runtime's line).
    const inner = word === 'panic' ? CRASH_HEADER.exec(rest) : null;
    if (inner?.[1] === 'fatal error') return this.startCrash(lineNo, inner[1], inner[2] ?? '');
    this.crash = { kind: crashKind(word, rest), message: rest, line: lineNo, notes: [], goroutines: [], truncated: false };
    this.headerLines = 0;
    this.headerless = false;
    this.runtimeStack = false;
    this.foreign = 0;
    this.state = 'header';
    this.events.crashStart(this.crash);
  }

  /** A crash without its header line, announced only once its first goroutine shows a map crash. */
  private startHeaderless(lineNo: number): void {
    this.crash = { kind: 'fatal error', message: '', line: lineNo, notes: [], goroutines: [], truncated: false };
    this.headerless = true;
    this.runtimeStack = false;
    this.foreign = 0;
  }

  /** A goroutine whose header was lost: frames came first. */
  private implicitGoroutine(lineNo: number): void {
    this.enterGoroutine({ id: 0, state: '', lockedToThread: false, stack: [], elided: false, stackUnavailable: false, line: lineNo });
  }

  private enterGoroutine(g: Goroutine): void {
    this.g = g;
    this.pendingFunc = undefined;
    this.pendingCreated = undefined;
    this.wrapped = undefined;
    this.foreign = 0;
    this.state = 'stack';
  }

  private header(lineNo: number, line: string): void {
    if (this.startGoroutine(lineNo, line)) return;
    const crash = this.crash!;
    if (this.headerLines === 0 && crash.kind === 'fatal error' && line && !CRASH_HEADER.test(line)) {
      // The rest of a header message that a hard wrap put on the next line.
      const kind = crashKind('fatal error', crash.message + line);
      if (kind !== 'fatal error') {
        crash.kind = kind;
        crash.message += line;
        this.headerLines++;
        return;
      }
    }
    if (line === 'runtime stack:') this.runtimeStack = true;
    else if (!this.runtimeStack && (line.charCodeAt(0) === 9 ? fileLine(line) : isFrameCall(line))) {
      this.implicitGoroutine(lineNo);
      return this.stack(lineNo, line);
    }
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
    if (!this.crash) return false;
    const m = GOROUTINE_HEADER.exec(line.trim()) ?? (line.endsWith(']:') ? GOROUTINE_HEADER.exec(this.joinedHeader(line, GOROUTINE_HEADER) ?? '') : null);
    if (!m) return false;
    this.endGoroutine();
    // The previous goroutine was the first of a crash without a header, and no map crash: try this one.
    if (!this.crash) this.startHeaderless(lineNo);
    const [state, ...flags] = m[2]!.split(', ');
    const minutes = flags.find((f) => / minutes?$/.test(f));
    const g: Goroutine = { id: Number(m[1]), state: state ?? '', lockedToThread: flags.includes('locked to thread'), stack: [], elided: false, stackUnavailable: false, line: lineNo };
    if (minutes) g.waitMinutes = Number.parseInt(minutes, 10);
    this.enterGoroutine(g);
    return true;
  }

  private stack(lineNo: number, line: string): void {
    const g = this.g!;
    const foreign = this.foreign;
    this.foreign = 0;
    // Fast path for the two lines every frame has: `<tab>/path/file.go:123 +0x45` and `pkg.Func(args)`.
    if (line.charCodeAt(0) === 9 && this.pendingFunc && !this.pendingCreated) {
      const loc = fileLine(line);
      if (loc) {
        this.addFrame(g, { func: this.pendingFunc.func, args: this.pendingFunc.args, file: loc.file, line: loc.line, inlined: this.pendingFunc.args === '...' });
        this.pendingFunc = undefined;
        this.wrapped = undefined;
        return;
      }
    }
    const c0 = line.charCodeAt(0);
    if (this.wrapped !== undefined && this.unwrap(line)) return;
    if (c0 !== 9 && c0 !== 32 && line.endsWith(')') && !line.startsWith('created by ') && !line.startsWith('goroutine ')) {
      const fn = splitCall(line);
      if (fn) {
        this.flushPending();
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
        this.addFrame(g, { func: this.pendingFunc.func, args: this.pendingFunc.args, ...loc, inlined: this.pendingFunc.args === '...' });
        this.pendingFunc = undefined;
      }
      return;
    }
    if (file && c0 === 9 && LONE_FILE_LINE.test(line) && this.frameMayStart()) {
      // A file line whose call line was lost (cut, filtered): a frame of an unknown function (--source may name it).
      this.addFrame(g, { func: '', args: '', file: file[1]!, line: Number(file[2]), inlined: false });
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
      this.flushPending();
      this.pendingCreated = { func: created[1]! };
      if (created[2]) this.pendingCreated.goroutine = Number(created[2]);
      return;
    }
    const header = CRASH_HEADER.exec(trimmed);
    if (header) {
      // Interleaved output: a second crash begins inside this one.
      if (!foreign && this.crash) this.crash.truncated = true;
      this.startCrash(lineNo, header[1]!, header[2] ?? '');
      return;
    }
    if (c0 !== 9 && c0 !== 32 && c0 !== 47 && CUT_CALL.test(trimmed) && !trimmed.endsWith(')')) {
      // A call line without the end of its argument list: hard-wrapped (joined with the next line), or cut at
      // the end of the input or at the line cap (the crash is then reported as truncated).
      this.flushPending();
      this.wrapped = trimmed;
      return;
    }
    // Anything else inside a stack (a log line written by another goroutine, the tail of a wrapped line) is
    // passed over; a run of such lines ends this crash's stacks.
    this.foreign = foreign + 1;
    if (this.foreign <= MAX_FOREIGN) return;
    this.endGoroutine();
    this.state = 'between';
    this.between(lineNo, line);
  }

  /** The line after a cut call line: true if it completes (or continues) the call. */
  private unwrap(line: string): boolean {
    const head = this.wrapped!;
    this.wrapped = undefined;
    const c0 = line.charCodeAt(0);
    if (c0 === 9 || !line || line.startsWith('goroutine ') || line.startsWith('created by ')) return false;
    const joined = head + line.trim();
    if (joined.length > MAX_WRAP || !CUT_CALL.test(joined)) return false;
    if (!joined.endsWith(')')) {
      this.wrapped = joined;
      return true;
    }
    const fn = splitCall(joined);
    if (!fn) return false;
    this.pendingFunc = fn;
    return true;
  }

  /**
   * Can a file line without its call line be a frame here? Only right after a frame's file line or a header:
   * after anything else it may be the tail of a hard-wrapped line (`...runtime_f` + `aststr.go:101 +0x0`).
   */
  private frameMayStart(): boolean {
    const prev = this.prev;
    if (!prev) return true;
    if (prev.charCodeAt(0) === 9) return FILE_LINE.test(prev);
    return GOROUTINE_HEADER.test(prev) || CRASH_HEADER.test(prev) || RACE_ACCESS.test(prev) || RACE_CREATED.test(prev);
  }

  private addFrame(g: Goroutine, call: Call): void {
    if (g.stack.length < MAX_FRAMES) g.stack.push(call);
    else g.elided = true;
  }

  /** A call line whose file line never came still counts, without a file. */
  private flushPending(g = this.g): void {
    const f = this.pendingFunc;
    if (f && g) this.addFrame(g, { func: f.func, args: f.args, file: '', line: 0, inlined: f.args === '...' });
    this.pendingFunc = undefined;
  }

  private between(lineNo: number, line: string): void {
    if (!line.trim()) return;
    if (this.startGoroutine(lineNo, line)) return;
    if (this.crash && ++this.foreign <= MAX_FOREIGN && !CRASH_HEADER.test(line) && line !== 'WARNING: DATA RACE' && !RACE_ACCESS.test(line)) return;
    this.endCrash();
    this.idle(lineNo, line);
  }

  private endGoroutine(): void {
    const g = this.g;
    this.g = undefined;
    if (!g || !this.crash) return;
    this.flushPending(g);
    this.wrapped = undefined;
    if (this.headerless) {
      // The first goroutine of a crash without its header: a map crash, or not a crash at all.
      const inferred = inferKind(g.stack);
      this.headerless = false;
      if (!inferred) {
        this.crash = undefined;
        return;
      }
      this.crash.kind = inferred.kind;
      this.crash.message = inferred.message;
      this.crash.notes.push('(no crash header in the input: the kind is inferred from the frames)');
      this.events.crashStart(this.crash);
    }
    this.events.goroutine(g, this.crash);
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
    if (this.wrapped !== undefined && this.unwrap(line)) return;
    const access = RACE_ACCESS.exec(line) ?? (line.endsWith(':') ? RACE_ACCESS.exec(this.joinedHeader(line, RACE_ACCESS) ?? '') : null);
    if (access) {
      this.flushRaceFrame();
      this.raceStack = [];
      r.accesses.push({
        op: access[2]!.toLowerCase() as 'read' | 'write',
        previous: !!access[1],
        address: access[3] ?? '',
        goroutine: access[5] ? 0 : Number(access[4]),
        stack: this.raceStack,
      });
      return;
    }
    const created = RACE_CREATED.exec(line) ?? (line.endsWith(':') ? RACE_CREATED.exec(this.joinedHeader(line, RACE_CREATED) ?? '') : null);
    if (created) {
      this.flushRaceFrame();
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
    if (file && this.raceStack && line.charCodeAt(0) === 9 && LONE_FILE_LINE.test(line) && this.frameMayStart()) {
      if (this.raceStack.length < MAX_FRAMES) this.raceStack.push({ func: '', args: '', file: file[1]!, line: Number(file[2]), inlined: false });
      return;
    }
    const fn = splitCall(trimmed);
    if (fn) {
      this.flushRaceFrame();
      this.pendingFunc = fn;
      return;
    }
    if (line.charCodeAt(0) !== 47 && CUT_CALL.test(trimmed)) {
      this.flushRaceFrame();
      this.wrapped = trimmed;
      return;
    }
    if (++lineNo && r.accesses.length === 0 && trimmed && !/^WARNING/.test(trimmed) && lineNo - r.line > MAX_HEADER_LINES) this.endRace();
  }

  /** A race frame whose file line never came (cut, or wrapped beyond recognition) still counts. */
  private flushRaceFrame(): void {
    const f = this.pendingFunc;
    if (f && this.raceStack && this.raceStack.length < MAX_FRAMES) this.raceStack.push({ func: f.func, args: f.args, file: '', line: 0, inlined: false });
    this.pendingFunc = undefined;
  }

  private endRace(): void {
    this.flushRaceFrame();
    this.wrapped = undefined;
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
  if (colon <= 1 || colon + 1 >= end) return undefined;
  const n = Number(line.slice(colon + 1, end));
  if (!Number.isInteger(n)) return undefined;
  return { file: line.slice(1, colon), line: n };
}

/** A line that is a frame's call line (`pkg.F(args)`), as opposed to a note such as `[signal ...]`. */
function isFrameCall(line: string): boolean {
  const fn = line.endsWith(')') ? splitCall(line) : undefined;
  return !!fn && fn.func.includes('.') && !fn.func.includes(':');
}

/** `runtime.throw`'s message length (the last argument, when printed without `?`) by crash kind. */
const THROW_LENGTHS: Record<number, CrashKind> = {
  0x15: 'concurrent map writes',
  0x21: 'concurrent map read and map write',
  0x26: 'concurrent map iteration and map write',
  0x22: 'concurrent map clone and map write',
};
const RUNTIME_OPS: [RegExp, CrashKind][] = [
  [/^runtime\.map(?:assign|delete)|^internal\/runtime\/maps\.\(\*(?:Map|table)\)\.(?:[pP]utSlot|Delete|grow\w*|split|rehash)/, 'concurrent map writes'],
  [/^runtime\.mapaccess|^internal\/runtime\/maps\.\(\*(?:Map|table)\)\.(?:Get\w*|getWithKey\w*)/, 'concurrent map read and map write'],
  [/^runtime\.mapiter|^internal\/runtime\/maps\.\(\*Iter\)\./, 'concurrent map iteration and map write'],
  [/^runtime\.mapclone|^internal\/runtime\/maps\.\(\*Map\)\.Clone|^maps\.clone$/, 'concurrent map clone and map write'],
];

/**
 * The kind of a crash whose header was lost, from its first goroutine: `runtime.throw`'s length argument in old
 * dumps, else the map runtime frame under the first frame outside the runtime. Undefined if it is no map crash.
 */
export function inferKind(stack: Call[]): { kind: CrashKind; message: string } | undefined {
  let fatal = false;
  for (const c of stack) {
    if (c.func === 'runtime.throw' || c.func === 'runtime.fatal') {
      const len = /(?:^|[\s,{])0x([0-9a-f]+)\}?$/.exec(c.args);
      const kind = len ? THROW_LENGTHS[Number.parseInt(len[1]!, 16)] : undefined;
      if (kind) return { kind, message: kind };
    }
    if (c.func === 'internal/runtime/maps.fatal') fatal = true;
    const op = RUNTIME_OPS.find(([re]) => re.test(c.func));
    if (op) return { kind: op[1], message: op[1] };
    if (!c.func.startsWith('runtime.') && !c.func.startsWith('internal/runtime/')) break;
  }
  return fatal ? { kind: 'fatal error', message: 'concurrent map access (the kind of access was not printed)' } : undefined;
}

function crashKind(word: string, rest: string): CrashKind {
  if (word === 'fatal error') {
    // Also a message cut short: `concurrent map w...`.
    const m = /^concurrent map ([wric])/.exec(rest);
    const kinds: Record<string, CrashKind> = { w: 'concurrent map writes', r: 'concurrent map read and map write', i: 'concurrent map iteration and map write', c: 'concurrent map clone and map write' };
    return m ? kinds[m[1]!]! : 'fatal error';
  }
  return word === 'panic' ? 'panic' : 'signal';
}
