// The fast path of the dump reader. A big dump is mostly goroutines that repeat a few stacks: they differ only
// in their number, argument values, wait minutes, frame pointers (`fp= sp= pc=` of GOTRACEBACK=system) and the
// number of the goroutine that created them, none of which the groups read. Between two goroutines of a crash,
// the reader takes the next goroutine's block straight from the bytes, reduces it to a key (its state, and
// every line with those values masked) and, when an earlier goroutine of the crash had the same key, tells the
// analysis "another one like that" instead of decoding and parsing it (DumpEvents.repeat; the analysis still
// has it parsed when the goroutine could be a party to the crash).
//
// Only blocks of plain Go traceback lines go this way, checked byte by byte: the header, then pairs of a call
// line and a file line, then `created by` and its file line, then an empty line. Anything else (log prefixes,
// JSON lines, CRLF, tabs turned to spaces, elided frames, long lines, odd characters where a value is masked)
// goes line by line through logText (normalize.ts) and the parser, as do the first goroutine of every key. The
// masks are chosen so that the parser's reading of a block depends on its key alone, apart from the masked
// values; and a key is only kept when its first goroutine was read as one goroutine ending back between
// goroutines. Lines with a timestamp prefix are never plain: they go line by line, through a window that puts
// them back in time order (`reorder`).
import { INCOMPLETE, LineReader, MAX_LINE, NOT_HERE } from './lines.js';
import type { Crash, Goroutine, RaceReport } from './model.js';
import { isPlainStart, lineStamp, logText } from './normalize.js';
import { type DumpEvents, DumpParser } from './parse.js';

/** Timestamped lines held back to be put in time order (a collector may have shuffled them). */
const REORDER_WINDOW = 256;
/** Lines without a timestamp that go with the timestamped line before them (the rest of a wrapped line). */
const MAX_CONTINUATIONS = 16;
/** The characters the window may hold (lines are up to MAX_LINE long): beyond, it is sent on. */
const MAX_WINDOW_CHARS = 4 * 1024 * 1024;
/** Keys kept per crash, and the bytes they may take. */
const MAX_KEYS = 10_000;
const MAX_KEY_BYTES = 16 * 1024 * 1024;
/** Keys with the same hash (a hostile input can make many): beyond this, the goroutine is read line by line. */
const MAX_CHAIN = 8;

// Segments of a key: which line shape a byte range comes from.
const HEADER_STATE = 1; // `goroutine N [state, flags]:` → state
const CALL = 2; // `pkg.F(args)` → `pkg.F`
const FILE = 3; // `<tab>/file.go:12 +0x1f` whole
const FILE_FP = 4; // `<tab>/file.go:12 +0x1f fp=0x.. sp=0x.. pc=0x..` → up to the space before fp=
const CREATED_IN = 5; // `created by pkg.F in goroutine 7` → up to ` in goroutine`
const CREATED = 6; // `created by pkg.F` whole

const GOROUTINE = Buffer.from('goroutine ');
const CREATED_BY = Buffer.from('created by ');
const IN_GOROUTINE = Buffer.from(' in goroutine ');
const HEADER_FIELDS = [Buffer.from(' gp='), Buffer.from(' m='), Buffer.from(' mp=')];
const FRAME_POINTERS = [Buffer.from(' fp=0x'), Buffer.from(' sp=0x'), Buffer.from(' pc=0x')];

const FNV_PRIME = 16777619;
const isDigit = (b: number) => b >= 48 && b <= 57;
const isHex = (b: number) => (b >= 48 && b <= 57) || (b >= 97 && b <= 102);

function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

interface Stamped {
  stamp: string;
  line: string;
  lineNo: number;
  /** Lines without a timestamp that followed it in the input. */
  more: { line: string; lineNo: number }[];
}

/** The first goroutine read with a key, and the key: segment kinds and lengths, and their bytes. */
interface Known {
  g: Goroutine;
  segs: Int32Array;
  bytes: Buffer;
  /** Lines of the block, its empty line included. */
  lines: number;
  /** Another key with the same hash. */
  next: Known | undefined;
}

export class DumpReader extends LineReader {
  /** Goroutines counted from their key alone. */
  repeats = 0;
  private readonly parser: DumpParser;
  private readonly known = new Map<number, Known>();
  /** The key last seen after a header state and first line prefix (`prefix`): tried first, before a full scan. */
  private readonly recent = new Map<number, Known>();
  private knownCount = 0;
  private knownBytes = 0;
  /** Timestamped lines not yet sent to the parser, in time order, and their characters. */
  private readonly window: Stamped[] = [];
  private windowChars = 0;
  /** The timestamped line read last, while it is in the window. */
  private lastStamped: Stamped | undefined;
  /** Goroutines the parser has sent, the last of them, and crash starts and ends: to check a key's first goroutine. */
  private sent = 0;
  private last: Goroutine | undefined;
  private crashEvents = 0;
  // The block scanned last: its segments (kind, start, end), hash, goroutine number and line count.
  private segs = new Int32Array(96);
  private nsegs = 0;
  private hash = 0;
  private prefix = 0;
  private id = 0;
  private blockLines = 0;

  constructor(events: DumpEvents, private readonly fast = true) {
    super((text) => {
      const line = logText(text);
      if (line === null) return;
      const stamp = lineStamp();
      if (stamp !== undefined) this.reorder(stamp, line);
      else if (this.lastStamped && this.lastStamped.more.length < MAX_CONTINUATIONS && this.windowChars < MAX_WINDOW_CHARS) {
        this.lastStamped.more.push({ line, lineNo: this.lines });
        this.windowChars += line.length;
      } else {
        this.flushWindow(0);
        this.parser.push(this.lines, line);
      }
    }, MAX_LINE);
    this.parser = new DumpParser({
      crashStart: (crash: Crash) => {
        this.known.clear();
        this.recent.clear();
        this.knownCount = this.knownBytes = 0;
        this.crashEvents++;
        events.crashStart(crash);
      },
      goroutine: (g: Goroutine, crash: Crash) => {
        this.sent++;
        this.last = g;
        events.goroutine(g, crash);
      },
      crashEnd: (crash: Crash) => {
        this.crashEvents++;
        events.crashEnd(crash);
      },
      race: (report: RaceReport) => events.race(report),
      repeat: (id, lineNo, like, crash) => events.repeat(id, lineNo, like, crash),
    });
  }

  /** End of input. */
  override end(): void {
    super.end();
    this.flushWindow(0);
    this.parser.finish();
  }

  /**
   * A timestamped line: held back in a window of REORDER_WINDOW lines, placed after every line with a stamp not
   * later than its own (lines with equal stamps keep their order: only distinct stamps can be put back). Up to
   * MAX_CONTINUATIONS lines without a stamp that follow go with it; any other such line sends the window on first.
   */
  private reorder(stamp: string, line: string): void {
    const w = this.window;
    let i = w.length;
    while (i > 0 && w[i - 1]!.stamp > stamp) i--;
    const entry: Stamped = { stamp, line, lineNo: this.lines, more: [] };
    if (i === w.length) w.push(entry);
    else w.splice(i, 0, entry);
    this.lastStamped = entry;
    this.windowChars += line.length;
    this.flushWindow(this.windowChars > MAX_WINDOW_CHARS ? 0 : REORDER_WINDOW);
  }

  private flushWindow(keep: number): void {
    const w = this.window;
    if (w.length <= keep) return;
    const out = w.splice(0, w.length - keep);
    if (this.lastStamped && out.includes(this.lastStamped)) this.lastStamped = undefined;
    for (const e of out) {
      this.windowChars -= e.line.length;
      this.parser.push(e.lineNo, e.line);
      for (const m of e.more) {
        this.windowChars -= m.line.length;
        this.parser.push(m.lineNo, m.line);
      }
    }
  }

  protected override wantsBlock(): boolean {
    return this.fast && this.window.length === 0 && this.parser.atGoroutineBoundary;
  }

  protected override block(buf: Buffer, pos: number, _final: boolean): number {
    if (buf[pos] !== 103) return NOT_HERE; // `g`oroutine
    const body = this.header(buf, pos);
    if (body < 0) return body;
    // The key seen last with this state and first line is checked in one pass; else the block is scanned.
    let known = this.recent.get(this.prefix);
    let next = known ? this.verify(known, buf, body) : -1;
    if (next < 0) {
      next = this.frames(buf, body);
      if (next < 0) return next;
      known = this.known.get(this.hash);
      while (known && !this.same(known, buf)) known = known.next;
      if (known) this.recent.set(this.prefix, known);
    }
    if (known && this.parser.repeat(this.lines + 1, this.id, known.g)) {
      this.repeats++;
      this.lines += known.lines;
      return next;
    }
    // Line by line, and the first goroutine of a key is kept if it was read as one whole goroutine.
    const sent = this.sent;
    const crashEvents = this.crashEvents;
    for (let at = pos; at < next;) {
      const nl = buf.indexOf(10, at);
      this.line(buf, at, nl);
      at = nl + 1;
    }
    if (!known && this.sent === sent + 1 && this.crashEvents === crashEvents && this.parser.atGoroutineBoundary) this.keep(buf);
    return next;
  }

  /**
   * Does the block whose header was just read, with its frames at `p`, have `known`'s key? One pass that
   * accepts exactly the blocks `frames` would read into the same segments: each line is the key's bytes and
   * then what the segment's kind masks, in the shape `frames` requires. Returns the position after the empty
   * line, or -1 (including when the block goes past the end of `buf`: `frames` tells).
   */
  private verify(known: Known, buf: Buffer, p: number): number {
    const segs = known.segs;
    const bytes = known.bytes;
    const end = buf.length;
    const state = this.segs[1]!;
    const stateLength = this.segs[2]! - state;
    if (segs[1] !== stateLength) return -1;
    for (let k = 0; k < stateLength; k++) if (buf[state + k] !== bytes[k]) return -1;
    let off = stateLength;
    for (let i = 2; i < segs.length; i += 2) {
      const kind = segs[i]!;
      const length = segs[i + 1]!;
      if (p + length >= end) return -1;
      for (let k = 0; k < length; k++) if (buf[p + k] !== bytes[off + k]) return -1;
      off += length;
      let j = p + length;
      if (kind === CALL) {
        // `(args)`: no parenthesis or newline in args.
        if (buf[j] !== 40) return -1;
        for (j++; j < end && buf[j] !== 41; j++) if (buf[j] === 40 || buf[j] === 10) return -1;
        j++;
      } else if (kind === FILE_FP) {
        for (const field of FRAME_POINTERS) {
          if (!startsWith(buf, j, end, field)) return -1;
          j += field.length;
          const value = j;
          while (j < end && isHex(buf[j]!)) j++;
          if (j === value) return -1;
        }
      } else if (kind === CREATED_IN) {
        if (!startsWith(buf, j, end, IN_GOROUTINE)) return -1;
        j += IN_GOROUTINE.length;
        const value = j;
        while (j < end && isDigit(buf[j]!)) j++;
        if (j === value) return -1;
      }
      if (j >= end || buf[j] !== 10 || j - p > MAX_LINE) return -1;
      p = j + 1;
    }
    return p < end && buf[p] === 10 ? p + 1 : -1;
  }

  private keep(buf: Buffer): void {
    let chain = 0;
    for (let k = this.known.get(this.hash); k; k = k.next) if (++chain >= MAX_CHAIN) return;
    let size = 0;
    for (let i = 0; i < this.nsegs; i++) size += this.segs[3 * i + 2]! - this.segs[3 * i + 1]!;
    if (this.knownCount >= MAX_KEYS || this.knownBytes + size > MAX_KEY_BYTES) return;
    const segs = new Int32Array(2 * this.nsegs);
    const bytes = Buffer.allocUnsafe(size);
    let off = 0;
    for (let i = 0; i < this.nsegs; i++) {
      const start = this.segs[3 * i + 1]!;
      const end = this.segs[3 * i + 2]!;
      segs[2 * i] = this.segs[3 * i]!;
      segs[2 * i + 1] = end - start;
      off += buf.copy(bytes, off, start, end);
    }
    const known: Known = { g: this.last!, segs, bytes, lines: this.blockLines, next: this.known.get(this.hash) };
    this.known.set(this.hash, known);
    this.recent.set(this.prefix, known);
    this.knownCount++;
    this.knownBytes += size;
  }

  /** Does the block scanned last have this key? */
  private same(known: Known, buf: Buffer): boolean {
    const n = this.nsegs;
    if (known.segs.length !== 2 * n) return false;
    const bytes = known.bytes;
    let off = 0;
    for (let i = 0; i < n; i++) {
      const start = this.segs[3 * i + 1]!;
      const end = this.segs[3 * i + 2]!;
      if (known.segs[2 * i] !== this.segs[3 * i] || known.segs[2 * i + 1] !== end - start) return false;
      for (let j = start; j < end; j++) if (buf[j] !== bytes[off++]) return false;
    }
    return true;
  }

  /** Adds a segment of the key; the hash takes its kind, length, last 8 bytes and middle byte (`same` compares all). */
  private segment(buf: Buffer, kind: number, start: number, end: number): void {
    if (3 * this.nsegs + 3 > this.segs.length) {
      const grown = new Int32Array(2 * this.segs.length);
      grown.set(this.segs);
      this.segs = grown;
    }
    const i = 3 * this.nsegs++;
    this.segs[i] = kind;
    this.segs[i + 1] = start;
    this.segs[i + 2] = end;
    let h = Math.imul(Math.imul(this.hash ^ kind, FNV_PRIME) ^ (end - start), FNV_PRIME);
    for (let j = Math.max(start, end - 8); j < end; j++) h = Math.imul(h ^ buf[j]!, FNV_PRIME);
    this.hash = end > start ? Math.imul(h ^ buf[(start + end) >> 1]!, FNV_PRIME) : h;
  }

  /**
   * Reads the goroutine header at `pos`: goroutine number, the state (the key's first segment) and the hash of
   * the state and the start of the next line (`prefix`). Returns the position after the header line, NOT_HERE
   * if it is not a plain header, or INCOMPLETE if it goes past the end of `buf`.
   */
  private header(buf: Buffer, pos: number): number {
    this.nsegs = 0;
    this.hash = 0x811c9dc5;
    const p = pos;
    const q = buf.indexOf(10, p);
    if (q < 0) return INCOMPLETE;
    if (q - p > MAX_LINE || !startsWith(buf, p, q, GOROUTINE)) return NOT_HERE;
    // `goroutine N( gp=X)?( m=X)?( mp=X)? [state(, flag)*]:`, as GOROUTINE_HEADER reads it.
    let i = p + GOROUTINE.length;
    const digits = i;
    let id = 0;
    while (i < q && isDigit(buf[i]!)) id = id * 10 + buf[i++]! - 48;
    if (i === digits) return NOT_HERE;
    this.id = i - digits > 15 ? Number(buf.toString('latin1', digits, i)) : id;
    for (const field of HEADER_FIELDS) {
      if (!startsWith(buf, i, q, field)) continue;
      i += field.length;
      const value = i;
      while (i < q && buf[i]! > 32 && buf[i]! < 127) i++;
      if (i === value) return NOT_HERE;
    }
    if (buf[i] !== 32 || buf[i + 1] !== 91 || q - 2 < i + 2 || buf[q - 2] !== 93 || buf[q - 1] !== 58) return NOT_HERE;
    const state = i + 2;
    let stateEnd = -1;
    for (let j = state; j < q - 2; j++) {
      const b = buf[j]!;
      if (b === 93) return NOT_HERE;
      if (b === 44 && stateEnd < 0 && buf[j + 1] === 32) stateEnd = j;
    }
    this.segment(buf, HEADER_STATE, state, stateEnd < 0 ? q - 2 : stateEnd);
    let h = this.hash;
    for (let j = q + 1, stop = Math.min(q + 33, buf.length); j < stop && buf[j] !== 10; j++) h = Math.imul(h ^ buf[j]!, FNV_PRIME);
    this.prefix = h;
    return q + 1;
  }

  /**
   * Scans the rest of the block, from `p` (after its header) up to its empty line: segments and hash. Returns
   * the position after the empty line, NOT_HERE if the block is not plain Go traceback lines, or INCOMPLETE if
   * it goes past the end of `buf`.
   */
  private frames(buf: Buffer, p: number): number {
    let q = p - 1;
    // Then (call line, file line)*, (created by line, file line)?, empty line.
    let lines = 1;
    let expect: 'call' | 'file' | 'created file' | 'end' = 'call';
    for (;;) {
      p = q + 1;
      q = p < buf.length ? buf.indexOf(10, p) : -1;
      if (q < 0) return INCOMPLETE;
      lines++;
      if (q === p) {
        if (expect === 'file' || expect === 'created file') return NOT_HERE;
        this.blockLines = lines;
        return q + 1;
      }
      const last = buf[q - 1]!;
      if (q - p > MAX_LINE || last === 13 || last === 32 || last === 9) return NOT_HERE;
      const first = buf[p]!;
      if (expect === 'call') {
        if (startsWith(buf, p, q, CREATED_BY)) {
          if (!this.createdLine(buf, p, q)) return NOT_HERE;
          expect = 'created file';
        } else {
          if (!this.callLine(buf, p, q, first, last)) return NOT_HERE;
          expect = 'file';
        }
      } else if (expect === 'file' || expect === 'created file') {
        if (first !== 9 || !this.fileLine(buf, p, q, expect === 'file')) return NOT_HERE;
        expect = expect === 'file' ? 'call' : 'end';
      } else return NOT_HERE;
    }
  }

  /**
   * `pkg.F(args)`: no blank in F, no parenthesis in args, so that splitCall takes the last `(` and the parser
   * reads F whatever the arguments are.
   */
  private callLine(buf: Buffer, p: number, q: number, first: number, last: number): boolean {
    if (!isPlainStart(first) || last !== 41) return false;
    let open = q - 2;
    while (open > p && buf[open] !== 40) {
      if (buf[open] === 41) return false;
      open--;
    }
    if (open <= p) return false;
    const blank = buf.indexOf(32, p);
    const tab = buf.indexOf(9, p);
    if ((blank >= 0 && blank < open) || (tab >= 0 && tab < open)) return false;
    this.segment(buf, CALL, p, open);
    return true;
  }

  /**
   * `<tab>file:line` or `<tab>file:line +0xoff`, then, after a call line, possibly ` fp=0x.. sp=0x.. pc=0x..`
   * (masked). The parser's fileLine ends the file name at ` +0x` or the first blank, which is before the mask.
   */
  private fileLine(buf: Buffer, p: number, q: number, frame: boolean): boolean {
    let j = buf.indexOf(32, p + 1);
    if (j < 0 || j > q) j = q;
    let k = j - 1;
    while (k > p + 1 && isDigit(buf[k]!)) k--;
    if (k === j - 1 || k <= p + 1 || buf[k] !== 58) return false;
    if (j === q) {
      this.segment(buf, FILE, p, q);
      return true;
    }
    // ` +0x` and hex digits, then the end or the frame pointers.
    if (buf[j + 1] !== 43 || buf[j + 2] !== 48 || buf[j + 3] !== 120) return false;
    let e = j + 4;
    while (e < q && isHex(buf[e]!)) e++;
    if (e === j + 4) return false;
    if (e === q) {
      this.segment(buf, FILE, p, q);
      return true;
    }
    if (!frame) return false;
    let f = e;
    for (const field of FRAME_POINTERS) {
      if (!startsWith(buf, f, q, field)) return false;
      f += field.length;
      const value = f;
      while (f < q && isHex(buf[f]!)) f++;
      if (f === value) return false;
    }
    if (f !== q) return false;
    this.segment(buf, FILE_FP, p, e);
    return true;
  }

  /** `created by pkg.F in goroutine 7` (the number masked) or `created by pkg.F`. */
  private createdLine(buf: Buffer, p: number, q: number): boolean {
    let k = q - 1;
    while (k > p && isDigit(buf[k]!)) k--;
    const cut = k < q - 1 && k + 1 - IN_GOROUTINE.length >= p ? k + 1 - IN_GOROUTINE.length : -1;
    const end = cut >= 0 && startsWith(buf, cut, q, IN_GOROUTINE) ? cut : q;
    if (end <= p + CREATED_BY.length) return false;
    this.segment(buf, end === q ? CREATED : CREATED_IN, p, end);
    return true;
  }
}
