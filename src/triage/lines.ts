import { TextDecoder } from 'node:util';

// Lines from an untrusted byte stream with flat memory: every line is cut at MAX_LINE characters (the rest of it
// is skipped up to the next newline), CR before LF is dropped, a byte-order mark at the start is dropped, and a
// last line without a newline still counts. Bytes are decoded as UTF-8 one line at a time, and only the lines
// that are looked at: a subclass may take whole runs of lines straight from the bytes (see reader.ts). A stream
// that starts as UTF-16 (a byte-order mark, as PowerShell's `2>` redirect writes, or ASCII with every other
// byte zero) is decoded to UTF-8 first.

export const MAX_LINE = 64 * 1024;

/** `block` needs more bytes than the buffer holds. */
export const INCOMPLETE = -2;
/** `block` does not apply here: the next line is read on its own. */
export const NOT_HERE = -1;
/** The most bytes kept across chunks for an unfinished run of lines (one line is kept up to its cap). */
const MAX_CARRY = 256 * 1024;

export class LineReader {
  /** Lines read so far. */
  lines = 0;
  /** The bytes of an unfinished line (or run of lines) from the previous chunk, from a line start. */
  private carry: Buffer | undefined;
  /** The line in `carry` is over the cap: the rest of it is skipped up to its newline. */
  private skipping = false;
  /** `carry` is a run of lines that `block` wants whole. */
  private carryBlock = false;
  /**
   * A line's first bytes that are decoded: UTF-8 takes at most 3 bytes per UTF-16 unit (invalid sequences
   * included), and a sequence cut at the end spoils at most its own 3 bytes, so these give the first maxLine
   * characters exactly.
   */
  private readonly maxBytes: number;

  constructor(private readonly onLine: (text: string) => void, readonly maxLine = MAX_LINE) {
    this.maxBytes = 3 * maxLine + 4;
  }

  /** The first bytes, kept until there are enough to tell UTF-16 from UTF-8. */
  private head: Buffer | undefined = Buffer.alloc(0);
  /** Set when the stream is UTF-16. */
  private utf16: TextDecoder | undefined;

  /** The next bytes. `chunk` is not kept: the caller may reuse its memory once this returns. */
  write(chunk: Buffer | string): void {
    if (typeof chunk === 'string') {
      this.sniffed();
      return this.bytes(Buffer.from(chunk, 'utf8'));
    }
    if (this.head) {
      const head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      // Fewer than 4 bytes are kept (copied: the caller may reuse the chunk's memory) until more come.
      this.head = head.length < 4 ? Buffer.from(head) : head;
      if (head.length >= 4) this.sniffed();
      return;
    }
    this.bytes(this.utf16 ? Buffer.from(this.utf16.decode(chunk, { stream: true }), 'utf8') : chunk);
  }

  /** Decides on the encoding from the first bytes, and reads them. */
  private sniffed(): void {
    const head = this.head;
    if (!head) return;
    this.head = undefined;
    const le = (head[0] === 0xff && head[1] === 0xfe) || (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0);
    const be = (head[0] === 0xfe && head[1] === 0xff) || (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0);
    if (le || be) {
      this.utf16 = new TextDecoder(le ? 'utf-16le' : 'utf-16be');
      this.bytes(Buffer.from(this.utf16.decode(head, { stream: true }), 'utf8'));
    } else this.bytes(head);
  }

  private bytes(chunk: Buffer): void {
    let buf = chunk;
    const carry = this.carry;
    this.carry = undefined;
    if (this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.carry = carry;
        return;
      }
      this.skipping = false;
      this.line(carry!, 0, carry!.length);
      buf = buf.subarray(nl + 1);
    } else if (carry) {
      // Only the bytes that finish the carried line, or the carried run of lines (up to its empty line), are
      // copied next to it: copying whole chunks costs more than reading them.
      let cut: number;
      if (!this.carryBlock) cut = buf.indexOf(10) + 1;
      else if (carry[carry.length - 1] === 10 && buf[0] === 10) cut = 1;
      else {
        const blank = buf.indexOf('\n\n');
        cut = blank < 0 ? 0 : blank + 2;
      }
      if (cut === 0) buf = Buffer.concat([carry, buf]);
      else {
        this.scan(Buffer.concat([carry, buf.subarray(0, cut)]), false);
        buf = buf.subarray(cut);
        if (this.carry) {
          const rest: Buffer = this.carry;
          this.carry = undefined;
          buf = Buffer.concat([rest, buf]);
        }
      }
    }
    this.scan(buf, false);
  }

  /** End of input: the last line, and whatever run of lines was waiting for more bytes. */
  end(): void {
    this.sniffed();
    if (this.utf16) {
      const tail = this.utf16.decode();
      if (tail) this.bytes(Buffer.from(tail, 'utf8'));
    }
    const rest = this.carry;
    this.carry = undefined;
    if (!rest) return;
    if (this.skipping) {
      this.skipping = false;
      this.line(rest, 0, rest.length);
    } else this.scan(rest, true);
  }

  /** A last line without a newline; a byte-order mark alone is no line. */
  private lastLine(buf: Buffer, start: number, end: number): void {
    if (this.lines === 0 && end - start === 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) return;
    this.line(buf, start, end);
  }

  /** Is the reader at a place where `block` may take several lines at once? */
  protected wantsBlock(): boolean {
    return false;
  }

  /**
   * Takes whole lines from `buf` at `pos` (a line start) and returns the position after them, or NOT_HERE, or
   * INCOMPLETE when the run goes past the end of `buf` (`final`: no more bytes will come).
   */
  protected block(_buf: Buffer, _pos: number, _final: boolean): number {
    return NOT_HERE;
  }

  private scan(buf: Buffer, final: boolean): void {
    let pos = 0;
    const end = buf.length;
    while (pos < end) {
      if (this.wantsBlock()) {
        const next = this.block(buf, pos, final);
        if (next >= 0) {
          pos = next;
          continue;
        }
        if (next === INCOMPLETE && !final && end - pos <= MAX_CARRY) {
          this.carry = Buffer.from(buf.subarray(pos));
          this.carryBlock = true;
          return;
        }
      }
      const nl = buf.indexOf(10, pos);
      if (nl >= 0) {
        this.line(buf, pos, nl);
        pos = nl + 1;
      } else if (final) {
        this.lastLine(buf, pos, end);
        return;
      } else {
        // An unfinished line: keep it (up to the cap) for the next chunk. A copy, so that the chunk can go.
        this.skipping = end - pos > this.maxBytes;
        this.carry = Buffer.from(buf.subarray(pos, this.skipping ? pos + this.maxBytes : end));
        this.carryBlock = false;
        return;
      }
    }
  }

  /** The line in `buf[start, end)`, decoded, cut at the cap, without its CR. */
  protected line(buf: Buffer, start: number, end: number): void {
    let s = buf.toString('utf8', start, Math.min(end, start + this.maxBytes));
    if (this.lines === 0 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    if (s.length > this.maxLine) s = s.slice(0, this.maxLine);
    if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    this.lines++;
    this.onLine(s);
  }
}

/** The lines of a stream, a chunk's worth at a time. */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxLine = MAX_LINE): AsyncGenerator<string> {
  let batch: string[] = [];
  const reader = new LineReader((s) => batch.push(s), maxLine);
  for await (const chunk of input) {
    reader.write(chunk);
    yield* batch;
    batch = [];
  }
  reader.end();
  yield* batch;
}
