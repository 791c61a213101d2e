/**
 * An error with an HTTP status, a machine-readable `code`, an English message
 * (`error`), a Chinese one (`errorZh`) and, for bad requests, the field paths at fault.
 * Every error answer of the API has this shape (docs/api.md "Errors").
 */
export interface Issue {
  /** Dotted path into the request body, e.g. `items.3.listing.title`; "" for the body itself. */
  path: string;
  message: string;
}

/** The API's error codes and their Chinese messages (a path, where there is one, is appended). */
export const ERROR_CODES = {
  bad_request: "请求内容不符合格式",
  invalid_json: "请求体不是合法的 JSON",
  empty_body: "请求体为空，请发送 JSON 对象",
  invalid_utf8: "请求体不是合法的 UTF-8 文本",
  unauthorized: "缺少或错误的访问令牌（Authorization: Bearer <token>）",
  forbidden: "无权访问",
  not_found: "没有这个接口",
  method_not_allowed: "该接口不支持此请求方法",
  payload_too_large: "请求体过大",
  text_too_long: "单个字段的文字过长",
  deadline_exceeded: "审核超时（超过单条处理时限）",
  overloaded: "服务繁忙，请稍后重试",
  conflict: "操作与当前状态冲突（例如任务已被他人认领或已结案）",
  unavailable: "所需的服务暂不可用，请稍后重试",
  shutting_down: "服务正在停止",
  internal: "服务器内部错误",
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  422: "deadline_exceeded",
  503: "overloaded",
};

export function codeOfStatus(status: number): ErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? "internal" : "bad_request");
}

/** The Chinese message of a code, with the first bad field where there is one. */
export function zhMessage(code: ErrorCode, path?: string): string {
  const base = ERROR_CODES[code] ?? ERROR_CODES.internal;
  return path ? `${base}：${path}` : base;
}

export class HttpError extends Error {
  readonly code: ErrorCode;

  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {},
    code?: ErrorCode,
  ) {
    super(message);
    this.code = code ?? codeOfStatus(status);
  }

  body(): Record<string, unknown> {
    const b: Record<string, unknown> = { error: this.message, code: this.code };
    if (this.issues.length) {
      b.path = this.issues[0].path;
      b.issues = this.issues;
    }
    b.errorZh = zhMessage(this.code, this.issues[0]?.path || undefined);
    return b;
  }
}

export function badRequest(issues: Issue[], code: ErrorCode = "bad_request"): HttpError {
  const first = issues[0];
  const where = first ? (first.path ? `${first.path}: ` : "") + first.message : "bad request";
  return new HttpError(400, where, issues, {}, code);
}
