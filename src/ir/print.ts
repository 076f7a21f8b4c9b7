// A readable dump of the IR, one line per instruction, regions indented: for debugging and golden tests.
//
//   func (*Cache).Put example.com/p.Cache.Put [cache.go:12:1]
//     recv c *p.Cache; params k string, v int
//     13:2 lock Lock c.mu
//     14:2 mapwrite c.m[k] = v : map[string]int (index)
//
// Places print their root and path: a map element `m[k]`, another index `s[#i]`, a dereference `p.*`, a captured
// local `^x`, a package variable `pkg.path.name`, a call result `t3` (its second result `t3#1`), an allocation
// `make(T)@line:col`.
import { typeString } from '../go/types.js';
import type { Alloc, At, Block, Callee, Func, FuncRef, Instr, LocalRoot, Package, Place, Root, Stmt, Value } from './types.js';

export function printPackage(p: Package): string {
  const out: string[] = [`package ${p.name} ${p.path || p.dir}`];
  for (const g of p.globals) out.push(`var ${g.name} ${typeString(g.type)}`);
  for (const f of p.funcs) out.push('', ...printFunc(f));
  const skipped = Object.entries(p.unlowered).sort(([a], [b]) => a.localeCompare(b));
  if (skipped.length) out.push('', `unlowered: ${skipped.map(([k, n]) => `${k}=${n}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

export function printFunc(f: Func): string[] {
  const out = [`func ${f.name} ${f.id} [${f.at.file}:${f.at.line}:${f.at.column}]`];
  const local = (id: number) => {
    const l = f.locals[id];
    return l ? `${l.name} ${typeString(l.type)}` : '?';
  };
  const sig: string[] = [];
  if (f.recv !== undefined) sig.push(`recv ${local(f.recv)}`);
  if (f.params.length) sig.push(`params ${f.params.map(local).join(', ')}`);
  if (f.results.length) sig.push(`results ${f.results.map(typeString).join(', ')}`);
  if (f.freeVars.length) sig.push(`free ${f.freeVars.map((v) => `${v.name}@${v.func}`).join(', ')}`);
  if (sig.length) out.push(`  ${sig.join('; ')}`);
  if (f.body) block(f.body, f, '  ', out);
  else out.push('  (no body)');
  return out;
}

function pos(at: At): string {
  return `${at.line}:${at.column}`;
}

function block(b: Block, f: Func, indent: string, out: string[]): void {
  for (const s of b.stmts) stmt(s, f, indent, out);
  if (b.terminates) out.push(`${indent}(terminates)`);
}

function stmts(list: Stmt[], f: Func, indent: string, out: string[]): void {
  for (const s of list) stmt(s, f, indent, out);
}

function stmt(s: Stmt, f: Func, indent: string, out: string[]): void {
  const label = 'label' in s && s.label ? ` label=${s.label}` : '';
  const head = `${indent}${pos(s.at)} `;
  const deeper = `${indent}    `;
  switch (s.k) {
    case 'if':
      out.push(`${head}if ${value(s.cond, f)}${label}`);
      section('init', s.init, f, indent, out);
      out.push(`${indent}  then:`);
      block(s.then, f, deeper, out);
      if (s.else) {
        out.push(`${indent}  else:`);
        block(s.else, f, deeper, out);
      }
      return;
    case 'switch':
      out.push(`${head}${s.typeSwitch ? 'typeswitch' : 'switch'}${s.tag ? ` ${value(s.tag, f)}` : ''}${s.hasDefault ? ' (default)' : ''}${label}`);
      section('init', s.init, f, indent, out);
      for (const c of s.cases) {
        out.push(`${indent}  ${c.isDefault ? 'default' : `case ${c.values.map((v) => value(v, f)).join(', ')}`}${c.bound ? ` bind ${local(c.bound, f)}` : ''}${c.endsInBreak ? ' (break)' : ''}:`);
        stmts(c.pre, f, deeper, out);
        block(c.body, f, deeper, out);
      }
      return;
    case 'select':
      out.push(`${head}select${s.hasDefault ? ' (default)' : ''}${label}`);
      for (const c of s.cases) {
        out.push(`${indent}  ${c.isDefault ? 'default' : 'case'}${c.endsInBreak ? ' (break)' : ''}:`);
        stmts(c.comm, f, deeper, out);
        block(c.body, f, deeper, out);
      }
      return;
    case 'loop':
      out.push(`${head}loop${s.condValue ? ` while ${value(s.condValue, f)}` : ''}${spawns(s.spawns)}${label}`);
      section('init', s.init, f, indent, out);
      section('cond', s.cond, f, indent, out);
      section('post', s.post, f, indent, out);
      out.push(`${indent}  body:`);
      block(s.body, f, deeper, out);
      return;
    case 'range': {
      const target = (t: LocalRoot | Place | undefined) => (!t ? '_' : 'path' in t ? place(t, f) : local(t, f));
      out.push(`${head}range ${target(s.key)}, ${target(s.value)} over ${value(s.over, f)} : ${typeString(s.overType)}${spawns(s.spawns)}${label}`);
      block(s.body, f, deeper, out);
      return;
    }
    default:
      out.push(`${head}${instr(s, f)}`);
  }
}

function section(name: string, list: Stmt[], f: Func, indent: string, out: string[]): void {
  if (!list.length) return;
  out.push(`${indent}  ${name}:`);
  stmts(list, f, `${indent}    `, out);
}

function spawns(list: At[]): string {
  return list.length ? ` spawns=[${list.map(pos).join(' ')}]` : '';
}

function local(l: LocalRoot, f: Func): string {
  const t = l.func === f.id ? f.locals[l.id]?.type : undefined;
  return t ? `${l.name} ${typeString(t)}` : l.name;
}

export function instr(s: Instr, f: Func): string {
  const v = (x: Value) => value(x, f);
  const m = (p: Place) => `${place(p, f)} : ${typeString(p.type)}`;
  switch (s.k) {
    case 'define': {
      const depth = s.local.func === f.id ? (f.locals[s.local.id]?.loopDepth ?? 0) : 0;
      return `define ${local(s.local, f)}${s.value ? ` = ${v(s.value)}` : ''}${depth ? ` (loop depth ${depth})` : ''}`;
    }
    case 'assign':
      return `assign ${place(s.dst, f)} ${s.op ?? '='}${s.value ? ` ${v(s.value)}` : ''}`;
    case 'eval':
      return `eval ${v(s.value)}`;
    case 'mapread':
      return `mapread ${m(s.map)}${s.key ? ` key ${v(s.key)}` : ''} (${s.via})`;
    case 'mapwrite':
      return `mapwrite ${m(s.map)}${s.key ? ` key ${v(s.key)}` : ''} ${s.op ?? '='}${s.value ? ` ${v(s.value)}` : ''} (${s.via})`;
    case 'mapiter':
      return `mapiter ${m(s.map)} (${s.via}${s.fn ? ` ${s.fn}` : ''})`;
    case 'mapdelete':
      return `mapdelete ${m(s.map)}${s.key ? ` key ${v(s.key)}` : ''} (${s.via})`;
    case 'mapclear':
      return `mapclear ${m(s.map)} (${s.via})`;
    case 'call':
      return `t${s.temp} = call ${callee(s.callee, f)}(${s.args.map(v).join(', ')}${s.spread ? '...' : ''})`;
    case 'go':
      return `go ${instr(s.run, f)}`;
    case 'defer':
      return `defer ${instr(s.run, f)}`;
    case 'lock':
      return `lock ${s.op} ${place(s.lock, f)}${s.embedded ? ' (embedded)' : ''} : ${typeString(s.lock.type)}${s.method ? ` runs ${ref(s.method)}` : ''}`;
    case 'send':
      return `send ${v(s.chan)} <- ${v(s.value)}`;
    case 'recv':
      return `t${s.temp} = recv ${v(s.chan)}`;
    case 'close':
      return `close ${v(s.chan)}`;
    case 'wait':
      return `wait ${v(s.on)} : ${typeString(s.type)}${s.method ? ` runs ${ref(s.method)}` : ''}`;
    case 'oncedo':
      return `oncedo ${v(s.once)} ${v(s.fn)}`;
    case 'return':
      return `return${s.values.length ? ` ${s.values.map(v).join(', ')}` : ''}`;
    case 'jump':
      return `${s.jump}${s.label ? ` ${s.label}` : ''}`;
  }
}

function ref(r: FuncRef): string {
  const recv = r.recv ? (r.ptr ? `(*${r.recv}).` : `${r.recv}.`) : '';
  return `${r.pkg ? `${r.pkg}.` : ''}${recv}${r.name}`;
}

function callee(c: Callee, f: Func): string {
  switch (c.k) {
    case 'static':
      return `static ${ref(c.func)}${c.recv ? ` recv ${value(c.recv, f)}` : ''}`;
    case 'closure':
      return `closure ${c.func}`;
    case 'interface':
      return `iface ${typeString(c.iface)}.${c.method} recv ${value(c.recv, f)}`;
    case 'dynamic':
      return `dynamic ${value(c.value, f)}`;
    case 'builtin':
      return `builtin ${c.name}`;
    case 'library':
      return `library ${c.pkg}.${c.name}${c.recv ? ` recv ${value(c.recv, f)}` : ''}`;
    case 'conversion':
      return `conv ${typeString(c.type)}`;
    case 'unknown':
      return `unknown ${c.pkg ? `${c.pkg}.` : ''}${c.name}${c.recv ? ` recv ${value(c.recv, f)}` : ''}`;
  }
}

function root(r: Root, f: Func): string {
  switch (r.k) {
    case 'local':
    case 'param':
    case 'recv':
      return r.func === f.id ? r.name : `^${r.name}`;
    case 'global':
      return `${r.pkg ? `${r.pkg}.` : ''}${r.name}`;
    case 'alloc':
      return alloc(r.alloc, f);
    case 'result':
      return r.index ? `t${r.temp}#${r.index}` : `t${r.temp}`;
    case 'value':
      return `(${value(r.value, f)})`;
    case 'unknown':
      return `?${r.text}`;
  }
}

export function place(p: Place, f: Func): string {
  let s = root(p.root, f);
  for (const step of p.path) {
    if (step.k === 'field') s += `.${step.name}`;
    else if (step.k === 'mapelem') s += `[${value(step.key, f)}]`;
    else if (step.k === 'index') s += `[#${value(step.index, f)}]`;
    else s += '.*';
  }
  return s;
}

function alloc(a: Alloc, f: Func): string {
  switch (a.kind) {
    case 'func':
      return `func ${a.func}`;
    case 'composite':
      return `${typeString(a.type)}{${(a.elems ?? []).map((e) => (e.key !== undefined ? `${e.key}: ${value(e.value, f)}` : value(e.value, f))).join(', ')}}@${pos(a.at)}`;
    default:
      return `${a.kind}(${typeString(a.type)})@${pos(a.at)}`;
  }
}

export function value(v: Value, f: Func): string {
  switch (v.k) {
    case 'place':
      return place(v.place, f);
    case 'addr':
      return `&${place(v.place, f)}`;
    case 'alloc':
      return alloc(v.alloc, f);
    case 'const':
      return v.text || '_';
    case 'func':
      return `func ${ref(v.ref)}`;
    case 'method':
      return `${value(v.recv, f)}.${v.name}`;
    case 'op':
      return `${v.op}(${v.args.map((a) => value(a, f)).join(', ')})`;
    case 'assert':
      return `${value(v.value, f)}.(${typeString(v.type)})`;
  }
}
