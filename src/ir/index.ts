// The IR of the front end (types.ts), its lowering from parsed packages and its printer.
export * from './types.js';
export { LazyPackage, type LowerOptions, lowerPackage } from './funcs.js';
export { printFunc, printPackage } from './print.js';
export { forEachStmt, tempDefs } from './walk.js';
