const CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A Globus error code fit for an error message or a log line; anything else becomes null. */
export function safeCode(value: unknown): string | null {
  return typeof value === 'string' && CODE_PATTERN.test(value) ? value : null;
}
