/** An error with an HTTP status and, for bad requests, the field paths at fault. */
export interface Issue {
  /** Dotted path into the request body, e.g. `items.3.listing.title`; "" for the body itself. */
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    const b: Record<string, unknown> = { error: this.message };
    if (this.issues.length) {
      b.path = this.issues[0].path;
      b.issues = this.issues;
    }
    return b;
  }
}

export function badRequest(issues: Issue[]): HttpError {
  const first = issues[0];
  const where = first ? (first.path ? `${first.path}: ` : "") + first.message : "bad request";
  return new HttpError(400, where, issues);
}
