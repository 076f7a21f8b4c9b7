// The identity of a piece of storage (a map, or a lock): a discriminated union the compiler checks, and one
// string form, `keyString`, used as the key of maps and sets (accesses are grouped by it) and stable across
// the pass. Nothing parses the string back: the owner of a field and the variable a local key starts from are
// read from the union.
export type StorageKey =
  /** A local variable (its uid). */
  | { readonly k: 'local'; readonly uid: string }
  /** A package-level variable of the package under analysis (`pkg` is its directory) or of an import. */
  | { readonly k: 'global'; readonly pkg: string; readonly name: string }
  /** A struct field, for every value of the struct: `owner` is `T` here, `<import path>.T` for another package. */
  | { readonly k: 'field'; readonly owner: string; readonly field: string }
  /** A field of an object one variable holds and nobody else sees (made by this instance, or re-made with a new map). */
  | { readonly k: 'member'; readonly uid: string; readonly field: string }
  /** A field of another package's struct reached from known storage (`pod.Labels` of the local `pod`). */
  | { readonly k: 'rooted'; readonly root: StorageKey; readonly owner: string; readonly field: string }
  /** An element of a map, slice or array (`m[k]` where the element is a map). */
  | { readonly k: 'elem'; readonly of: StorageKey }
  /** The slot of a shared slice at an index that belongs to one goroutine instance (`slots[i]`, i its own). */
  | { readonly k: 'slot'; readonly uid: string; readonly of: StorageKey }
  /** An expression of unknown type, by its text (locks and conds only). */
  | { readonly k: 'text'; readonly text: string };

/** The string form: `local:v12`, `global:p.m`, `field:T.m`, `local:v12.F`, `local:v12>k8s.io/api/core/v1.Pod.Labels`, `field:T.m[]`, `local:v3@field:T.slots[]`, `text:x.mu`. */
export function keyString(key: StorageKey): string {
  switch (key.k) {
    case 'local':
      return `local:${key.uid}`;
    case 'global':
      return `global:${key.pkg}.${key.name}`;
    case 'field':
      return `field:${key.owner}.${key.field}`;
    case 'member':
      return `local:${key.uid}.${key.field}`;
    case 'rooted':
      return `${keyString(key.root)}>${key.owner}.${key.field}`;
    case 'elem':
      return `${keyString(key.of)}[]`;
    case 'slot':
      return `local:${key.uid}@${keyString(key.of)}[]`;
    case 'text':
      return `text:${key.text}`;
  }
}

/** Whether the storage is per variable (a local, or something reached only from one). */
export function keyKind(key: StorageKey): 'local' | 'field' | 'global' {
  switch (key.k) {
    case 'local':
    case 'member':
    case 'slot':
      return 'local';
    case 'global':
      return 'global';
    case 'field':
    case 'text':
      return 'field';
    case 'rooted':
      return keyKind(key.root);
    case 'elem':
      return keyKind(key.of);
  }
}

/** The struct type whose field the storage is, for every value of the type (a field key, an element of one, a map rooted at one). */
export function keyOwner(key: StorageKey | undefined): string | undefined {
  switch (key?.k) {
    case 'field':
      return key.owner;
    case 'elem':
      return keyOwner(key.of);
    case 'rooted':
      return keyOwner(key.root);
    default:
      return undefined;
  }
}

/** The variable uid a per-variable key starts from: the local, the object holding the member, the slot's index, a rooted key's root. */
export function keyVar(key: StorageKey): string | undefined {
  switch (key.k) {
    case 'local':
    case 'member':
    case 'slot':
      return key.uid;
    case 'elem':
      return keyVar(key.of);
    case 'rooted':
      return keyVar(key.root);
    default:
      return undefined;
  }
}

/** Whether the key reaches into a field or another variable's storage, rather than naming a variable or its elements. */
export function throughField(key: StorageKey): boolean {
  switch (key.k) {
    case 'local':
      return false;
    case 'text':
      return key.text.includes('.');
    case 'elem':
    case 'slot':
      return throughField(key.of);
    default:
      return true;
  }
}
