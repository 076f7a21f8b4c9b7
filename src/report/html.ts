// The HTML format: one self-contained page (see html-page.ts for the shell, its CSP and its script). A summary
// with counts by check and by package, a search box and filters, then the findings grouped by check and, within
// a check, by package. A race shows its witness: the two sides side by side, each its root (where the goroutine,
// handler or function starts), the calls from there in order and its access with the locks held and its code;
// then why nothing orders them, other related locations and the fix.
import path from 'node:path';
import type { AnalyzeResult } from '../analysis/api.js';
import type { CheckMeta } from '../checks/check.js';
import type { Diagnostic, RelatedLocation, Severity, Witness, WitnessSide } from '../model.js';
import { accessText, extraRelated, lockState, rootText, sameSide, sideSteps } from '../witness.js';
import { esc, htmlPage, locText, plural, rangeFrameHtml, tile } from './html-page.js';
import type { ReportContext, Reporter } from './reporter.js';
import { checkDocUri } from './sarif.js';
import { SourceCache } from './source.js';

/** The package (directory) of a finding, as the report groups and filters by it. */
const packageOf = (d: Diagnostic) => path.posix.dirname(d.range.file);
const SEVERITY_CHIP: Record<Severity, string> = { error: 'bad', warning: 'warn', note: '' };
const pkgLabel = (dir: string) => (dir === '.' ? '. (root)' : dir);

function relatedItem(src: SourceCache | undefined, r: RelatedLocation): string {
  return `<li><span class="loc">${esc(locText(r.range))}</span> ${esc(r.message)}${rangeFrameHtml(src, r.range)}</li>`;
}

function facts(src: SourceCache | undefined, title: string, list: RelatedLocation[], ordered = false): string {
  if (!list.length) return '';
  const tag = ordered ? 'ol' : 'ul';
  return `<section><h5>${esc(title)}</h5><${tag}>${list.map((r) => relatedItem(src, r)).join('')}</${tag}></section>`;
}

/** One side of a race: its root, the calls from there in order, its access with the locks held and its code. */
function sideHtml(side: WitnessSide, src: SourceCache | undefined): string {
  const steps = sideSteps(side).map((s) => `<li><span class="loc">${esc(locText(s.range))}</span> ${esc(s.message)}</li>`);
  return [
    `<p class="root"><span class="chip">${esc(side.root.kind)}</span> ${esc(rootText(side.root))}${side.root.instances ? ` <span class="muted">(several at once: ${esc(side.root.instances)})</span>` : ''}</p>`,
    steps.length ? `<ol class="path">${steps.join('')}</ol>` : '',
    `<p class="access"><span class="loc">${esc(locText(side.access.range))}</span> ${esc(accessText(side))}</p>`,
    rangeFrameHtml(src, side.access.range, 2),
  ].join('');
}

/** The witness of a race: the two sides side by side, then why nothing orders them. */
function witnessHtml(w: Witness, src: SourceCache | undefined): string {
  const lock = `<p>lock state: <span class="chip warn">${esc(lockState(w))}</span></p>`;
  const other = sameSide(w) ? `<p>the same code, run by another instance at the same time</p>${sideHtml(w.sides[1], src)}` : sideHtml(w.sides[1], src);
  return [
    '<div class="pair">',
    `<section class="pane" aria-label="this access"><h5>this access</h5>${lock}${sideHtml(w.sides[0], src)}</section>`,
    `<section class="pane" aria-label="other access"><h5>other access</h5>${other}</section>`,
    '</div>',
    `<p class="why"><strong>why nothing orders them:</strong> ${esc(w.reason)}</p>`,
  ].join('\n');
}

/**
 * One finding as an `<article class="finding">` with `data-check` and `data-pkg` for the filters. `src` reads the
 * code lines (paths of `d` are relative to its root); without it, or when a file is missing, frames are left out.
 */
export function findingHtml(d: Diagnostic, src: SourceCache | undefined, id: string, meta?: CheckMeta): string {
  const title = meta ? ` title="${esc(meta.title)}"` : '';
  const out: string[] = [
    `<article class="finding card" id="${esc(id)}" data-check="${esc(d.check)}" data-pkg="${esc(packageOf(d))}">`,
    `<header><h4 class="loc"><a href="#${esc(id)}">${esc(locText(d.range))}</a></h4>`,
    `<span class="chip ${SEVERITY_CHIP[d.severity]}">${esc(d.severity)}</span>`,
    `<a class="chip" href="${esc(checkDocUri({ code: d.check, name: d.name }))}"${title}>${esc(d.check)} ${esc(d.name)}</a></header>`,
    `<p class="msg">${esc(d.message)}</p>`,
  ];
  if (d.witness) out.push(witnessHtml(d.witness, src));
  else out.push(rangeFrameHtml(src, d.range, 2));
  const extra = extraRelated(d.related, d.witness);
  const more = d.witness
    ? facts(src, 'also', extra)
    : facts(src, 'goroutines', extra.filter((r) => r.kind === 'goroutine')) + facts(src, 'call path', extra.filter((r) => r.kind === 'call'), true) +
      facts(src, 'related', extra.filter((r) => r.kind !== 'goroutine' && r.kind !== 'call'));
  if (more) out.push(`<div class="facts">${more}</div>`);
  if (d.suggestion) out.push(`<p class="fix"><strong>fix:</strong> ${esc(d.suggestion)}</p>`);
  for (const f of d.fixes) {
    out.push(`<details><summary>suggested edit: ${esc(f.title)}</summary>${f.edits.map((e) => `<p class="loc">${esc(locText(e.range))}</p><pre class="frame"><code>${esc(e.newText)}</code></pre>`).join('')}</details>`);
  }
  out.push('</article>');
  return out.join('\n');
}

/** Counts by key, sorted by key. */
function countBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return [...m].sort(byKey);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

export const htmlReporter: Reporter = {
  name: 'html',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const src = new SourceCache(ctx.root);
    const diags = result.diagnostics;
    const meta = new Map(ctx.checks.map((c) => [c.code, c]));
    const byCheck = countBy(diags, (d) => d.check);
    const byPkg = countBy(diags, packageOf);
    const files = new Set(diags.map((d) => d.range.file)).size;
    // Findings by check, then by package, and the severities each check is reported with, in one pass.
    const groups = new Map<string, Map<string, Diagnostic[]>>();
    const severities = new Map<string, Set<Severity>>();
    for (const d of diags) {
      const pkgs = groups.get(d.check) ?? new Map<string, Diagnostic[]>();
      groups.set(d.check, pkgs);
      const list = pkgs.get(packageOf(d)) ?? [];
      pkgs.set(packageOf(d), list);
      list.push(d);
      severities.set(d.check, (severities.get(d.check) ?? new Set<Severity>()).add(d.severity));
    }
    const body: string[] = [
      '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="tiles">',
      tile('findings', diags.length, true), tile('files with findings', files), tile('packages with findings', byPkg.length),
      tile('files analysed', result.stats.files), tile('lines analysed', result.stats.lines),
      tile('files skipped', result.stats.skipped), tile('files not analysed', result.errors.length, true),
      '</dl>',
    ];
    const checkName = (code: string) => meta.get(code)?.name ?? diags.find((d) => d.check === code)!.name;
    if (diags.length) {
      body.push(
        '<div class="tables"><table><caption>By check</caption><thead><tr><th scope="col">check</th><th scope="col">what it reports</th><th scope="col">severity</th><th scope="col" class="num">findings</th></tr></thead><tbody>',
        ...byCheck.map(([code, n]) => `<tr><td><a href="#check-${esc(code)}">${esc(code)} ${esc(checkName(code))}</a></td><td>${esc(meta.get(code)?.title ?? '')}</td>` +
          `<td>${esc([...severities.get(code)!].join(', '))}</td><td class="num">${n}</td></tr>`),
        '</tbody></table><table><caption>By package</caption><thead><tr><th scope="col">package</th><th scope="col" class="num">findings</th></tr></thead><tbody>',
        ...byPkg.map(([dir, n]) => `<tr><td class="mono">${esc(pkgLabel(dir))}</td><td class="num">${n}</td></tr>`),
        '</tbody></table></div>',
      );
    }
    if (result.errors.length) {
      body.push(`<h3>Not analysed</h3><ul class="warnings">${result.errors.map((e) => `<li><span class="loc mono">${esc(e.file)}</span>: ${esc(e.message)}</li>`).join('')}</ul>`);
    }
    body.push('</section>');
    if (!diags.length) {
      body.push('<p class="empty">No findings: no map is touched by two goroutines without synchronization in the analysed code.</p>');
    } else {
      body.push(
        '<form id="filters" class="filters" role="search" aria-label="filter findings" hidden>',
        '<label>search <input id="q" type="search" placeholder="words in message, path or code (press /)" autocomplete="off"></label>',
        `<label>check <select id="fcheck"><option value="">all checks</option>${byCheck.map(([code, n]) => `<option value="${esc(code)}">${esc(code)} ${esc(checkName(code))} (${n})</option>`).join('')}</select></label>`,
        `<label>package <select id="fpkg"><option value="">all packages</option>${byPkg.map(([dir, n]) => `<option value="${esc(dir)}">${esc(pkgLabel(dir))} (${n})</option>`).join('')}</select></label>`,
        '<output id="shown" aria-live="polite"></output>',
        '</form>',
      );
      let n = 0;
      for (const [code, count] of byCheck) {
        const m = meta.get(code);
        body.push(
          `<section class="check-group" id="check-${esc(code)}" data-group><h2 class="group-h">${esc(code)} ${esc(checkName(code))} <span class="count">${count}</span></h2>`,
          m ? `<p class="muted">${esc(m.title)}</p>` : '',
        );
        for (const [dir, list] of [...groups.get(code)!].sort(byKey)) {
          body.push(`<section class="pkg-group" data-group><h3 class="group-h mono">${esc(pkgLabel(dir))} <span class="count">${list.length}</span></h3>`);
          for (const d of list) body.push(findingHtml(d, src, `f${++n}`, m));
          body.push('</section>');
        }
        body.push('</section>');
      }
    }
    return htmlPage({
      title: `maprace check: ${plural(diags.length, 'finding')}`,
      subtitle: `${ctx.root} · ${plural(result.stats.files, 'file')}, ${plural(result.stats.lines, 'line')} analysed · maprace ${ctx.version}`,
      generator: `maprace ${ctx.version}`,
      body: body.join('\n'),
      // Off-screen findings skip layout and paint: a report with thousands of them opens and scrolls quickly.
      many: diags.length > 100,
    });
  },
};
