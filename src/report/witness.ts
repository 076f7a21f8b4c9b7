// The witness of a race (model.ts) in text: a two-branch tree under the finding for the terminal (and the
// annotations of the CI formats), and a one-line summary for the one-line formats. Everything that comes from the
// analysed code is made safe for a terminal.
import type { Diagnostic, Range, Witness, WitnessSide } from '../model.js';
import { accessText, rootText, sameSide, sideSteps } from '../witness.js';
import { terminalSafe } from './source.js';

export interface TreeStyle {
  dim(s: string): string;
  loc(s: string): string;
  bold(s: string): string;
}

const PLAIN: TreeStyle = { dim: (s) => s, loc: (s) => s, bold: (s) => s };

/** The width the tree is laid out for: the reason is wrapped to it. */
export const TREE_WIDTH = 100;

const at = (r: Range) => terminalSafe(`${r.file}:${r.start.line}:${r.start.column}`);

/**
 * The two sides as branches, each its root, its calls in call order and its access with the locks held, then
 * why nothing orders them:
 *
 *   ├─ goroutine started at app/app.go:13
 *   │    app/app.go:14:3: calls store.(*Store).Put
 *   │    store/store.go:20:2: write of map s.items (no lock held)
 *   └─ function Direct, declared at app/app.go:12
 *        app/app.go:16:9: calls store.(*Store).Get
 *        store/store.go:25:9: read of map s.items (no lock held)
 *   why: the goroutine started at app/app.go:13 is not joined before the read at store/store.go:25
 *
 * `frame` adds the code line of the other access (the text reporter's code frame), indented under it.
 */
export function witnessTree(w: Witness, indent: string, style: TreeStyle = PLAIN, frame?: (r: Range, indent: string) => string[]): string[] {
  const out: string[] = [];
  const branch = (side: WitnessSide, first: boolean, last: boolean) => {
    out.push(`${indent}${style.dim(last ? '└─' : '├─')} ${style.bold(terminalSafe(rootText(side.root)))}`);
    const pad = `${indent}${last ? ' ' : style.dim('│')}    `;
    for (const s of sideSteps(side)) out.push(`${pad}${style.loc(at(s.range))}: ${terminalSafe(s.message)}`);
    out.push(`${pad}${style.loc(at(side.access.range))}: ${terminalSafe(accessText(side))}${first ? style.dim(' (this access)') : ''}`);
    if (!first && frame) out.push(...frame(side.access.range, `${pad}  `));
  };
  const [x, y] = w.sides;
  branch(x, true, false);
  if (sameSide(w)) out.push(`${indent}${style.dim('└─')} ${style.bold('the same path again, in another instance running at the same time')}`);
  else branch(y, false, true);
  const why = wrap(terminalSafe(w.reason), TREE_WIDTH - indent.length - 5);
  out.push(`${indent}${style.dim('why:')} ${why[0]}`, ...why.slice(1).map((l) => `${indent}     ${l}`));
  return out;
}

/** `between the goroutine started at a.go:13 and function Direct, declared at a.go:12`, for one-line formats. */
export function witnessSummary(w: Witness): string {
  const [x, y] = w.sides;
  if (w.sameRoot) return terminalSafe(`between two instances of the ${rootText(x.root)}`);
  return terminalSafe(`between the ${rootText(x.root)} and the ${rootText(y.root)}`);
}

/** A finding in one line for the formats that carry only a message: the message, the two roots, the fix. */
export function oneLine(d: Diagnostic): string {
  return [d.message, ...(d.witness ? [witnessSummary(d.witness)] : []), ...(d.suggestion ? [`fix: ${d.suggestion}`] : [])].join('; ');
}

/** Words of `text` in lines of at most `width` columns (a word longer than that stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}
