// Lines from an untrusted stream with flat memory: every line is cut at MAX_LINE characters (the rest of it is
// skipped up to the next newline), CR before LF is dropped, and a last line without a newline still counts.

export const MAX_LINE = 64 * 1024;

export async function* readLines(input: AsyncIterable<Buffer | string>, maxLine = MAX_LINE): AsyncGenerator<string> {
  for await (const batch of readLineBatches(input, maxLine)) yield* batch;
}

/** The same lines, a chunk's worth at a time (one await per chunk, not per line: the fast path). */
export async function* readLineBatches(input: AsyncIterable<Buffer | string>, maxLine = MAX_LINE): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let current = '';
  let skipping = false;
  const finish = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const batch: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (!skipping) {
        const room = maxLine - current.length;
        if (piece.length > room) {
          current += piece.slice(0, room);
          skipping = true;
        } else current += piece;
      }
      if (nl < 0) break;
      batch.push(finish(current));
      current = '';
      skipping = false;
      start = nl + 1;
    }
    if (batch.length) yield batch;
  }
  const rest = decoder.decode();
  if (rest && !skipping) current += rest.slice(0, maxLine - current.length);
  if (current) yield [finish(current)];
}

const CRI = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (?:stdout|stderr) [FP] /;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) /;

/**
 * The text a log line carries: CRI-O/containerd prefixes (`2024-11-28T10:00:00Z stderr F `) and kubectl
 * `--timestamps` prefixes are removed; a JSON-lines record gives its `log`, `message` or `msg` field.
 */
export function logText(line: string): string {
  const c = line.charCodeAt(0);
  // Fast path: only lines starting with a digit (a timestamp) or `{` (JSON) can carry a wrapper.
  if (!(c >= 48 && c <= 57) && c !== 123) return line;
  let s = line;
  const cri = CRI.exec(s);
  if (cri) s = s.slice(cri[0].length);
  else {
    const ts = TIMESTAMP.exec(s);
    if (ts) s = s.slice(ts[0].length);
  }
  if (s.startsWith('{') && s.endsWith('}')) {
    try {
      const rec = JSON.parse(s) as Record<string, unknown>;
      const v = rec.log ?? rec.message ?? rec.msg;
      if (typeof v === 'string') s = v.replace(/\r?\n$/, '');
    } catch {
      // not JSON after all: keep the line
    }
  }
  return s;
}
