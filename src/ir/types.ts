// The typed IR of maprace's front end: what a Go function does, as far as the concurrency analysis cares, in
// TypeScript shapes the compiler checks. Lowering (lower.ts) builds it from tree-sitter trees; nothing that
// reads the IR needs a syntax node or a node-type string.
//
// Shape. A Program holds Packages; a Package holds Funcs (one per declared function or method and one per func
// literal). A Func's body is a Block of statements in program order: flat instructions (map operations, calls,
// locks, go/defer, channel operations, assignments) and structured regions (if, switch, select, loop, range)
// whose arms are Blocks again. Operands are Values; storage is named by Places: a root (a local, a parameter,
// the receiver, a package variable, an allocation site, a call's result) and a path of field, index, deref and
// map-element steps, each with its Go type. Evaluating an operand never has an effect: the effects of an
// expression (a map read inside `f(m[k])`, a call inside `x.y().z`) are instructions emitted before it.
//
// Types are GoTypes (go/types.ts) qualified with their package's import path (no `pkg: ''`), so that types of
// different packages compare; for a package outside any module the path is '' and its names stay unqualified.
import type { Range } from '../model.js';
import type { GoType } from '../go/types.js';

/**
 * Where an instruction, a place or a function is written: 1-based lines and columns (UTF-16 code units), as in
 * diagnostics; one flat object, since every instruction has one (`toRange` gives the diagnostic model's Range).
 */
export interface At {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function toRange(at: At): Range {
  return { file: at.file, start: { line: at.line, column: at.column }, end: { line: at.endLine, column: at.endColumn } };
}

/** A declared function or method, by package import path and name; `recv` for methods (the type's name). */
export interface FuncRef {
  pkg: string;
  name: string;
  recv?: string;
  /** The method is declared on the pointer type. */
  ptr?: boolean;
}

/** A Func's identity in a Program: `pkg.Name`, `pkg.Recv.Name`, and `<parent>$<n>` for the n-th literal. */
export type FuncId = string;

export interface Program {
  packages: Package[];
}

export interface Package {
  /** Import path ('' outside a module). */
  path: string;
  /** Directory relative to the analysis root. */
  dir: string;
  name: string;
  funcs: Func[];
  globals: Global[];
  /**
   * Named types the package makes (`T{...}`, `&p.T{...}`, `new(T)`), in functions and in package-level
   * initializers, as `<import path>.T`: the concrete types an interface call may dispatch to.
   */
  made: string[];
  /** Constructs the lowering could not express, by kind (node type): should stay empty. */
  unlowered: Record<string, number>;
}

export interface Global {
  name: string;
  type: GoType;
  at: At;
}

export interface Func {
  id: FuncId;
  kind: 'function' | 'method' | 'literal';
  /** Go's notation: `F`, `(*T).M`, `T.M`; for a literal, its parent's name and `func1`, `func2`… */
  name: string;
  /** Set for functions and methods. */
  ref?: FuncRef;
  /** The name in the declaration (where a thread rooted at the function is said to start); `at` for a literal. */
  nameAt: At;
  /** The function a literal is written in. */
  parent?: FuncId;
  exported: boolean;
  at: At;
  /** Every local of the function (receiver, parameters, named results, variables), indexed by `Local.id`. */
  locals: Local[];
  recv?: number;
  params: number[];
  results: GoType[];
  /** Locals of enclosing functions a literal reads or writes (for nested literals: of any enclosing one). */
  freeVars: LocalRoot[];
  /** Types of temporaries (call and receive results), indexed by temp id. */
  temps: GoType[][];
  /** Undefined for a declaration without a body (assembly, linkname). */
  body?: Block;
  /** Func literals written directly in this body (each is a Func of its own). */
  literals: FuncId[];
}

export interface Local {
  id: number;
  name: string;
  type: GoType;
  kind: 'recv' | 'param' | 'result' | 'var';
  at: At;
  /** Loops of the function around the declaration: a variable of a loop's clause or body is one per iteration. */
  loopDepth: number;
}

// ---------------------------------------------------------------------------------------------------------
// Places and values

/** A local of some function (captured when `func` is not the function the place is used in). */
export interface LocalRoot {
  k: 'local' | 'param' | 'recv';
  func: FuncId;
  id: number;
  name: string;
}

export type Root =
  | LocalRoot
  | { k: 'global'; pkg: string; name: string }
  | { k: 'alloc'; alloc: Alloc }
  /** The `index`-th result of the call (or receive) that defined temp `temp`. */
  | { k: 'result'; temp: number; index: number }
  /** A value stored nowhere (an assertion's result, an operator's): `x.(*T).f`. */
  | { k: 'value'; value: Value }
  /** A name the front end does not know (a dot import, a type error in the source). */
  | { k: 'unknown'; text: string };

export type Step =
  | { k: 'field'; name: string; type: GoType; owner?: GoType }
  /** `map`: the type of the map it is an element of. */
  | { k: 'mapelem'; key: Value; type: GoType; map: GoType }
  /** An element of a slice, array, string, or of something of unknown type. */
  | { k: 'index'; index: Value; type: GoType }
  | { k: 'deref'; type: GoType };

export interface Place {
  root: Root;
  path: Step[];
  /** The type of the whole place (the last step's, else the root's). */
  type: GoType;
  /** As written in the source. */
  text: string;
}

/** A new object: `make(...)`, `new(T)`, a composite literal, a func literal. */
export interface Alloc {
  kind: 'make' | 'new' | 'composite' | 'func';
  type: GoType;
  at: At;
  /** A composite literal's elements: `key` is the field name or the key as written; `at` the element. */
  elems?: { key?: string; value: Value; at: At }[];
  /** A func literal's Func. */
  func?: FuncId;
}

export type Value =
  /** What a place holds (its map reads, if any, were emitted before). */
  | { k: 'place'; place: Place }
  | { k: 'addr'; place: Place; type: GoType }
  | { k: 'alloc'; alloc: Alloc }
  /** A literal, `nil`, `true`, or a named constant. */
  | { k: 'const'; text: string; type: GoType }
  /** A declared function used as a value (or a method expression `T.M`). */
  | { k: 'func'; ref: FuncRef }
  /** A method value `x.M` (a bound method: `defer c.mu.Unlock` handed back to a caller). */
  | { k: 'method'; recv: Value; name: string; type: GoType }
  /** An operator (arithmetic, comparison, `!`, `-`, conversion's effect-free rest, slicing). */
  | { k: 'op'; op: string; args: Value[]; type: GoType }
  | { k: 'assert'; value: Value; type: GoType };

// ---------------------------------------------------------------------------------------------------------
// Calls

export type BuiltinName = 'append' | 'cap' | 'clear' | 'complex' | 'copy' | 'imag' | 'len' | 'max' | 'min' | 'panic' | 'print' | 'println' | 'real' | 'recover';

export type Callee =
  /** A declared function, or a concrete method (declared on the receiver's type or promoted to it). */
  | { k: 'static'; func: FuncRef; recv?: Value }
  /** A func literal called where it is written: `func() {...}()`. */
  | { k: 'closure'; func: FuncId }
  /**
   * A method of an interface type; the implementations are the call graph's to find. `methods`: the interface's
   * method set (its embedded interfaces' included), as far as the declarations are known.
   */
  | { k: 'interface'; iface: GoType; method: string; recv: Value; methods: string[] }
  /** A func value: a variable, parameter, field or result holding a function. */
  | { k: 'dynamic'; value: Value }
  | { k: 'builtin'; name: BuiltinName }
  /**
   * A library function or method the summaries (go/summaries.ts) know: a map function (`maps.Keys`), a printer
   * (`fmt.Sprintf`), an encoder, a method of a library map type (`sets.Set.Insert`). Its map effects are
   * MapRead/MapWrite/MapIter instructions emitted before the call.
   */
  | { k: 'library'; pkg: string; name: string; recvType?: GoType; recv?: Value }
  | { k: 'conversion'; type: GoType }
  /** A function of a package whose declarations are not loaded, or a method of a value of unknown type. */
  | { k: 'unknown'; name: string; pkg?: string; recv?: Value; recvType?: GoType };

export interface CallSite {
  callee: Callee;
  args: Value[];
  /** `f(xs...)`. */
  spread: boolean;
  /** The function expression as written (`wg.Go`, `http.HandleFunc`). */
  text: string;
}

// ---------------------------------------------------------------------------------------------------------
// Instructions and regions

export type LockOp = 'Lock' | 'Unlock' | 'RLock' | 'RUnlock' | 'TryLock';

/**
 * How a map operation is written: an index expression, `len`, `range`, a library call or method. A map
 * operation's range is the one diagnostics report: the index expression (`m[k]` of `m[k] = v`), the map argument
 * (`delete(m, k)`, `len(m)`, `json.Marshal(m)`), the ranged expression, the method (`h.Set` of `h.Set(k, v)`).
 */
export type MapVia = 'index' | 'len' | 'range' | 'call' | 'method' | 'incdec' | 'opassign';

export type Instr =
  | { k: 'define'; at: At; local: LocalRoot; value?: Value }
  | { k: 'assign'; at: At; dst: Place; value?: Value; op?: string }
  /** A value assigned to `_` (`_ = x`, `_, err := f()`): used, not stored. */
  | { k: 'eval'; at: At; value: Value }
  | { k: 'mapread'; at: At; map: Place; key?: Value; via: MapVia }
  | { k: 'mapwrite'; at: At; map: Place; key?: Value; value?: Value; via: MapVia; op?: string }
  | { k: 'mapiter'; at: At; map: Place; via: MapVia; fn?: string }
  | { k: 'mapdelete'; at: At; map: Place; key?: Value; via: MapVia }
  | { k: 'mapclear'; at: At; map: Place; via: MapVia }
  /** `temp`: the call's results, read through `result` roots (their types are in Func.temps). */
  | ({ k: 'call'; at: At; temp: number } & CallSite)
  /** The instruction the goroutine or the deferred call runs; its function and arguments were evaluated before. */
  | { k: 'go'; at: At; run: Instr }
  | { k: 'defer'; at: At; run: Instr }
  /**
   * A locker method called with no arguments (by name, as the interpreter has it). `embedded`: the operand's
   * struct embeds the mutex, and the place ends with that field. `method`: the program's own method the call
   * runs when the operand's type declares one (a wrapper's `Lock`), to follow into.
   */
  | { k: 'lock'; at: At; op: LockOp; lock: Place; embedded: boolean; method?: FuncRef }
  | { k: 'send'; at: At; chan: Value; value: Value }
  /** `temp`: the value received and, for `v, ok := <-ch`, `ok` as its second result. */
  | { k: 'recv'; at: At; chan: Value; temp: number }
  | { k: 'close'; at: At; chan: Value }
  /** `x.Wait()` with no arguments (a WaitGroup, an errgroup, a Cond…); `type` is x's. `method`: as for locks. */
  | { k: 'wait'; at: At; on: Value; type: GoType; method?: FuncRef }
  | { k: 'oncedo'; at: At; once: Value; fn: Value }
  | { k: 'return'; at: At; values: Value[] }
  | { k: 'jump'; at: At; jump: 'break' | 'continue' | 'goto' | 'fallthrough'; label?: string };

export interface Block {
  stmts: Stmt[];
  /** Control never reaches the end of the block: it returns, breaks, continues or jumps on every path. */
  terminates: boolean;
}

export interface SwitchCase {
  at: At;
  /** Case expressions (their effects are in `pre`); empty for default. */
  pre: Stmt[];
  values: Value[];
  isDefault: boolean;
  /** A type switch's `v` in this case, with the case's type. */
  bound?: LocalRoot;
  body: Block;
  /** The case's last statement is `break` (it ends the case, not the function). */
  endsInBreak: boolean;
}

export interface SelectCase {
  at: At;
  /** The send or receive (and the definitions of its results); empty for default. */
  comm: Stmt[];
  isDefault: boolean;
  body: Block;
  endsInBreak: boolean;
}

export type Region =
  | { k: 'if'; at: At; label?: string; init: Stmt[]; cond: Value; then: Block; else?: Block }
  | { k: 'switch'; at: At; label?: string; init: Stmt[]; tag?: Value; typeSwitch: boolean; cases: SwitchCase[]; hasDefault: boolean }
  | { k: 'select'; at: At; label?: string; cases: SelectCase[]; hasDefault: boolean }
  /** `for init; cond; post {}` and `for cond {}`; `cond` holds the condition's effects, evaluated per iteration. */
  | { k: 'loop'; at: At; label?: string; init: Stmt[]; cond: Stmt[]; condValue?: Value; post: Stmt[]; body: Block; spawns: At[] }
  /**
   * `for k, v := range over {}`: the MapIter (maps) or Recv (channels) is emitted before the region; `spawns`
   * lists the spawn sites in the body (go statements, spawn methods, configured roots).
   */
  | { k: 'range'; at: At; label?: string; over: Value; overType: GoType; key?: LocalRoot | Place; value?: LocalRoot | Place; body: Block; spawns: At[] };

export type Stmt = Instr | Region;

