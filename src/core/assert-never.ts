/** Ends an exhaustive switch: a value reaching it is a bug (a kind added and not handled). */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
