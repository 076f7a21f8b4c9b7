// The shell shared by the HTML reports of `check` and `triage`: escaping, code frames, the stylesheet, the one
// inline script and a Content-Security-Policy that allows exactly that stylesheet and that script (by hash), so
// the page opens offline, makes no request, and runs no other script even if some text were not escaped.
// Everything that comes from analysed files or logs goes through `esc` (or `frameHtml`); nothing is embedded as
// data for the script: the script reads the rendered DOM.
import { createHash } from 'node:crypto';
import type { Range } from '../model.js';
import type { SourceCache } from './source.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// C0 controls but tab and newline, DEL, C1 controls, line separators and bidirectional overrides (Trojan Source).
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text and attribute values: HTML-escaped, control and bidi characters shown as `?`. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(UNSAFE, '?');
}

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** A summary number; `bad` colours it when it is not zero. */
export const tile = (label: string, value: number, bad = false) => `<div${bad && value ? ' class="bad"' : ''}><dt>${esc(label)}</dt><dd>${value.toLocaleString('en-US')}</dd></div>`;

/** `file:line:col` of a range. */
export const locText = (r: Range) => `${r.file}:${r.start.line}:${r.start.column}`;

/**
 * A code frame: the line at `line` with the columns `column`..`endColumn` (1-based, exclusive end) marked, and
 * `context` lines either side. Lines come from SourceCache, so tabs are expanded, control characters replaced
 * and long lines windowed exactly as in the terminal. Empty when the file cannot be read.
 */
export function frameHtml(src: SourceCache | undefined, file: string, line: number, column: number, endColumn?: number, context = 0): string {
  const main = src?.frame(file, line, column, endColumn);
  if (!src || !main) return '';
  const rows: string[] = [];
  const row = (n: number, body: string, hl: boolean) => rows.push(`<span class="row ${hl ? 'hl' : 'ctx'}"><span class="ln">${n}</span>${body}</span>`);
  for (let n = Math.max(1, line - context); n < line; n++) {
    const l = src.frame(file, n, 1);
    if (l) row(n, esc(l.text), false);
  }
  const t = main.text;
  row(line, `${esc(t.slice(0, main.markStart))}<mark>${esc(t.slice(main.markStart, main.markEnd))}</mark>${esc(t.slice(main.markEnd))}`, true);
  for (let n = line + 1; n <= line + context; n++) {
    const l = src.frame(file, n, 1);
    if (!l) break;
    row(n, esc(l.text), false);
  }
  return `<pre class="frame"><code>${rows.join('')}</code></pre>`;
}

/** The frame of a diagnostic range: marked to its end when it ends on the same line, else to the line's end. */
export function rangeFrameHtml(src: SourceCache | undefined, r: Range, context = 0): string {
  return frameHtml(src, r.file, r.start.line, r.start.column, r.end.line === r.start.line ? r.end.column : undefined, context);
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--code:#f6f8fa;
--accent:#0969da;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37;--mark:#fff1a8;--chip:#eaeef2;--hl:#fff8c5}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;
--code:#0d1117;--accent:#4493f8;--bad:#f85149;--warn:#d29922;--ok:#3fb950;--mark:#6b5209;--chip:#262c36;--hl:#2b2611}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header.top{padding:1rem 1.5rem;border-bottom:1px solid var(--line)}
header.top h1{margin:0;font-size:1.4rem}
.meta,.muted{color:var(--muted)}
header.top .meta{margin:.2rem 0 0;font-size:.9rem;overflow-wrap:anywhere}
main{max-width:90rem;margin:0 auto;padding:1rem 1.5rem 4rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
h4,h5{margin:0}
a{color:var(--accent)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
.tiles{display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0}
.tiles div{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;background:var(--card);min-width:8rem}
.tiles dt{font-size:.8rem;color:var(--muted)}
.tiles dd{margin:0;font-size:1.4rem;font-weight:600}
.tiles .bad dd{color:var(--bad)}
.tables{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
table{border-collapse:collapse;margin:.75rem 0}
caption{text-align:left;font-weight:600;padding-bottom:.3rem}
th,td{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right}
.filters{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:end;
background:var(--bg);border-bottom:1px solid var(--line);padding:.75rem 0;margin-top:1.5rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.15rem}
.filters input,.filters select,button{font:inherit;font-size:.9rem;color:var(--fg);background:var(--card);
border:1px solid var(--line);border-radius:6px;padding:.3rem .5rem}
.filters input{min-width:22rem}
.filters output{font-size:.9rem;padding-bottom:.35rem}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.chip{display:inline-block;font-size:.75rem;font-weight:600;border-radius:999px;padding:.05rem .55rem;background:var(--chip);
color:var(--fg);vertical-align:middle;white-space:nowrap}
.chip.bad{background:var(--bad);color:#fff}
.chip.warn{background:var(--warn);color:#fff}
.chip.ok{background:var(--ok);color:#fff}
.count{font-weight:400;color:var(--muted);font-size:.9rem}
.card{border:1px solid var(--line);border-radius:8px;background:var(--card);padding:.75rem 1rem;margin:.75rem 0}
.many .card{content-visibility:auto;contain-intrinsic-block-size:auto 24rem}
.card>header{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.card .loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;overflow-wrap:anywhere}
.card .msg{margin:.3rem 0 .6rem;font-weight:600;overflow-wrap:anywhere}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:.75rem}
.pane{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;background:var(--bg);min-width:0}
.pane h5,.facts h5{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-bottom:.25rem}
.pane p{margin:.2rem 0;overflow-wrap:anywhere}
.pane ol.path{margin:.2rem 0;padding-left:1.4rem}
.pane ol.path li{margin:.1rem 0;overflow-wrap:anywhere}
.card .why{margin:.6rem 0 0;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:.75rem;margin-top:.75rem}
.facts ul,.facts ol{margin:0;padding-left:1.2rem}
.facts li{margin:.15rem 0;overflow-wrap:anywhere}
pre.frame{margin:.35rem 0;padding:.35rem 0;background:var(--code);border:1px solid var(--line);border-radius:6px;overflow-x:auto}
pre.frame .row{display:block;padding:0 .6rem 0 0}
pre.frame .row.hl{background:var(--hl)}
pre.frame .ln{display:inline-block;min-width:3.5em;padding-right:.8em;text-align:right;color:var(--muted);user-select:none}
mark{background:var(--mark);color:inherit;border-radius:2px}
.fix{margin:.75rem 0 0;padding:.5rem .75rem;border-left:4px solid var(--ok);background:var(--bg);overflow-wrap:anywhere}
.fix strong{color:var(--ok)}
details{margin:.35rem 0}
details>summary{cursor:pointer;overflow-wrap:anywhere}
ol.stack{margin:.3rem 0;padding-left:2.2rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem}
ol.stack li{overflow-wrap:anywhere}
ol.stack .rt{color:var(--muted)}
.group{border-bottom:1px solid var(--line);padding:.2rem 0}
.toolbar{display:flex;gap:.5rem;margin:.5rem 0}
.empty{padding:1rem;border:1px dashed var(--line);border-radius:8px;color:var(--muted)}
.warnings li{overflow-wrap:anywhere}
`;

// The one script: filters and search for the check report, expand/collapse for the triage report. It reads the
// rendered DOM (data-check / data-pkg attributes and text), touches an element only when its state changes, and
// runs in one pass over the findings per keystroke, so thousands of findings stay responsive.
const SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (form) {
    var q = document.getElementById('q');
    var byCheck = document.getElementById('fcheck');
    var byPkg = document.getElementById('fpkg');
    var shown = document.getElementById('shown');
    var items = Array.prototype.map.call(document.querySelectorAll('article.finding'), function (el) {
      return { el: el, check: el.getAttribute('data-check'), pkg: el.getAttribute('data-pkg'), text: null, groups: [] };
    });
    var groups = Array.prototype.map.call(document.querySelectorAll('[data-group]'), function (el) {
      var count = el.querySelector(':scope > .group-h .count');
      return { el: el, count: count, total: count ? count.textContent : '', n: 0 };
    });
    var index = new Map(groups.map(function (g) { return [g.el, g]; }));
    items.forEach(function (it) {
      for (var p = it.el.parentElement; p; p = p.parentElement) if (index.has(p)) it.groups.push(index.get(p));
    });
    // A finding's text without line numbers and the context lines around its accesses (they belong to
    // neighbouring code, often to another finding).
    var searchText = function (el) {
      var walk = document.createTreeWalker(el, 4);
      var s = '';
      for (var n = walk.nextNode(); n; n = walk.nextNode()) {
        var c = n.parentNode.className;
        if (c !== 'ln' && c !== 'row ctx') s += n.data;
      }
      return s.toLowerCase();
    };
    var apply = function () {
      var terms = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var c = byCheck.value, k = byPkg.value, n = 0;
      groups.forEach(function (g) { g.n = 0; });
      items.forEach(function (it) {
        var ok = (!c || it.check === c) && (!k || it.pkg === k);
        if (ok && terms.length) {
          if (it.text === null) it.text = searchText(it.el);
          ok = terms.every(function (t) { return it.text.indexOf(t) >= 0; });
        }
        if (it.el.hidden === ok) it.el.hidden = !ok;
        if (ok) { n++; it.groups.forEach(function (g) { g.n++; }); }
      });
      groups.forEach(function (g) {
        if (g.el.hidden !== (g.n === 0)) g.el.hidden = g.n === 0;
        var label = String(g.n) === g.total ? g.total : g.n + ' of ' + g.total;
        if (g.count && g.count.textContent !== label) g.count.textContent = label;
      });
      var noun = items.length === 1 ? ' finding' : ' findings';
      shown.textContent = n === items.length ? 'showing all ' + n + noun : 'showing ' + n + ' of ' + items.length + noun;
    };
    var timer = 0;
    q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 60); });
    byCheck.addEventListener('change', apply);
    byPkg.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); apply(); });
    document.addEventListener('keydown', function (e) {
      var t = e.target && e.target.tagName;
      if (e.key === '/' && t !== 'INPUT' && t !== 'SELECT' && t !== 'TEXTAREA') { e.preventDefault(); q.focus(); }
    });
    form.hidden = false;
    apply();
  }
  Array.prototype.forEach.call(document.querySelectorAll('button[data-expand]'), function (b) {
    var open = b.getAttribute('data-expand') === 'open';
    var scope = document.getElementById(b.getAttribute('aria-controls'));
    b.addEventListener('click', function () {
      Array.prototype.forEach.call(scope.querySelectorAll('details'), function (d) { if (d.open !== open) d.open = open; });
    });
    b.parentElement.hidden = false;
  });
})();`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** A whole self-contained page. `title` and `subtitle` are plain text; `body` is HTML built with `esc`. */
export function htmlPage(p: { title: string; subtitle: string; generator: string; body: string; many?: boolean }): string {
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(CSS)}`,
    `script-src ${sha256(SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${esc(p.generator)}">
<title>${esc(p.title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1>${esc(p.title)}</h1><p class="meta">${esc(p.subtitle)}</p></header>
<main${p.many ? ' class="many"' : ''}>
${p.body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
