// Errors every command shares; kept apart so that a command loads without the others' dependencies.

/** A mistake in the command line or its inputs: reported without a stack, exit status 2. */
export class UsageError extends Error {}
