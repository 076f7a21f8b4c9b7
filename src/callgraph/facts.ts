// What one package contributes to the call graph, read off its IR once (extract.ts) and kept as plain data (it
// crosses worker threads; the IR does not need to stay alive): its functions, the types it creates, the
// function-value constraints of its bodies and its call sites, whose callees are resolved when every package's
// facts are in (solve.ts).
import type { At, FuncId } from '../ir/types.js';
import type { CGFunc, EdgeKind } from './types.js';
import type { Loc } from './values.js';

/** A method of a named type taken as a value or called through it: `<import path>.T` and the method's name. */
export interface MethodOf {
  type: string;
  name: string;
}

/** What a value may be, as far as functions go: functions it is, methods it is, and a location it is read from. */
export interface ValFact {
  funcs?: FuncId[];
  methods?: MethodOf[];
  loc?: Loc;
}

export type CalleeFact =
  | { k: 'static'; id: FuncId; name: string }
  | { k: 'closure'; id: FuncId }
  /** `set`: the interface's method set when known. */
  | { k: 'interface'; name: string; set: string[] }
  | { k: 'value'; value: ValFact }
  /**
   * A function outside the program (a library's, the standard library's), by name; `unknown`: or one the front end
   * could not resolve (a method of a value whose type it does not know), which may be the program's own.
   */
  | { k: 'external'; name: string; unknown?: boolean };

export interface SiteFact {
  func: FuncId;
  at: At;
  /** The function expression as written. */
  text: string;
  kind: EdgeKind;
  inLoop: boolean;
  /** The call's temp in `func`, -1 for none: its results are read through it. */
  temp: number;
  callee: CalleeFact;
  args: (ValFact | undefined)[];
  /** Objects: where the receiver of a method call is read from (absent: not known), and each argument. */
  recv?: Loc;
  argLocs?: (Loc | undefined)[];
  /** The indexes of the call's results that may hold objects. */
  objResults?: number[];
  /** Unexported bool fields, `<import path>.T.f`, that are true whenever the call runs (`if s.gc { s.prune() }`). */
  guards?: string[];
}

export interface FuncFacts extends CGFunc {
  /** Local ids of the parameters, in order, and of the receiver. */
  params: number[];
  recv?: number;
  /** The indexes (in `params`) of the parameters that may hold objects. */
  objParams?: number[];
  results: number;
}

export interface PackageFacts {
  path: string;
  dir: string;
  name: string;
  funcs: FuncFacts[];
  /** Named types created here (composite literals, `new`, conversions), `<import path>.T`. */
  created: string[];
  /** Function-value constraints: `loc` may hold what the value is; everything `from` holds, `to` may hold. */
  holds: { loc: Loc; value: ValFact }[];
  copies: [Loc, Loc][];
  /** Copies written in `_test.go` files: the call graph follows them, the object flow (the built program) does not. */
  testCopies: [Loc, Loc][];
  /**
   * Objects (objects.ts): `loc` may hold the object a composite literal or `new` of a named type makes at `site`
   * (`file:line:column`) in function `func`; `unknown` locations may hold objects made where the facts do not see
   * (zero values, range and type-switch variables, received values, variables whose address is taken). Neither
   * counts what `_test.go` files do.
   */
  objects: { loc: Loc; site: string; type: string; func: FuncId }[];
  unknown: Loc[];
  sites: SiteFact[];
  /**
   * Named types whose values are handed to code that may be outside the program, `<import path>.T` and the
   * package of what they are handed to: an argument of a library call or of a call the front end cannot resolve
   * (`?`), a value converted to another package's named type (an interface: `return &ext{}` as
   * `extension.Extension`), an element of another package's composite literal. That code may call any method.
   */
  handed: [string, string][];
  /** Functions that may make an unexported bool field true: assign it anything but `false`, or take its address. */
  setters: [string, FuncId][];
}
