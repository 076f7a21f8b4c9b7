// Just enough of Go's lexical structure to find braces and line starts outside comments, strings and runes:
// for the declaration reduction of the universe and for splitting a large file at its top-level declarations.

export function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

/** The index after a comment, string or rune literal starting at i; i itself when none starts there. */
export function skipLiteral(src: string, i: number): number {
  const c = src[i];
  if (c === '/' && src[i + 1] === '/') {
    const nl = src.indexOf('\n', i);
    return nl < 0 ? src.length : nl;
  }
  if (c === '/' && src[i + 1] === '*') {
    const end = src.indexOf('*/', i + 2);
    return end < 0 ? src.length : end + 2;
  }
  if (c === '`') {
    const end = src.indexOf('`', i + 1);
    return end < 0 ? src.length : end + 1;
  }
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, src.length);
  }
  return i;
}

const DECL_KEYWORDS = ['func', 'type', 'var', 'const', 'import'];

/**
 * Splits Go source into ranges [start, end) of about `max` characters that end where a top-level declaration
 * starts (a line beginning with func, type, var, const or import outside any bracket, comment or literal); a
 * declaration longer than `max` is a range of its own. Text that stays inside brackets for more than `16 * max`
 * characters (broken or hostile input) is cut at a line start anyway; tree-sitter's error recovery handles it.
 */
export function topLevelChunks(src: string, max: number): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  let depth = 0;
  /** Where the text last was at the top level. */
  let top = 0;
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (depth === 0) top = i;
    if (i - from >= max && src.charCodeAt(i - 1) === 0x0a) {
      if ((depth === 0 && startsDecl(src, i)) || i - Math.max(from, top) >= 16 * max) {
        out.push([from, i]);
        from = i;
        depth = 0;
      }
    }
    const skipped = skipLiteral(src, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (c === 0x7b || c === 0x28 || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x29 || c === 0x5d) && depth > 0) depth--;
    i++;
  }
  out.push([from, src.length]);
  return out;
}

function startsDecl(src: string, i: number): boolean {
  return DECL_KEYWORDS.some((w) => src.startsWith(w, i) && !isWordChar(src.charCodeAt(i + w.length)));
}
