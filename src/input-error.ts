/**
 * Bad input from the user: a malformed suite, config, model spec or server reply.
 * The CLI prints `message` as one line and exits with code 2, never a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** `file:line: field: problem`, leaving out the parts that do not apply. */
export function located(file: string, line: number | undefined, field: string | undefined, problem: string): string {
  const where = line === undefined ? file : `${file}:${line}`;
  return field ? `${where}: ${field}: ${problem}` : `${where}: ${problem}`;
}
