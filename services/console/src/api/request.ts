import { session } from '../stores/session.ts';

/** An API answer other than 2xx, or no answer at all, with the message staff read (in Chinese). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Changing one's password answers 401 for a wrong current password. */
export const PASSWORD_PATH = '/v1/auth/password';
/** Activating an account answers 401 for a wrong code: no session to end. */
export const ACTIVATE_PATH = '/v1/auth/activate';

type Listener = () => void;
let onSessionExpired: Listener = () => {};

/** What to do when the API says the session is no longer valid (set once by the router). */
export function whenSessionExpires(listener: Listener): void {
  onSessionExpired = listener;
}

const FIELD_NAMES: Record<string, string> = {
  content: '内容',
  reason: '理由',
  unitCode: '承办单位',
  dueDate: '办理期限',
  committedDate: '承诺办结日期',
  note: '说明',
  result: '办理结果',
  deputyCode: '代表编号',
  kind: '类型',
  date: '日期',
  title: '标题',
  body: '正文',
  password: '密码',
  newPassword: '新密码',
  activationCode: '激活码',
  username: '用户名',
  name: '姓名',
  role: '角色',
  scope: '范围',
  townshipCode: '乡镇（街道）',
  deputiesPresent: '接待代表',
};

/** 民生实事票决: why a vote, a rating or the publication was refused. */
const BALLOT_CONFLICTS: Record<string, string> = {
  ALREADY_VOTED: '您已对该项目投过票，每位代表每个项目只能投一次。',
  ALREADY_RATED: '您已评议过该项目，每位代表只能评议一次。',
  BALLOT_NOT_OPEN: '票决尚未开始，请在投票时间内投票。',
  BALLOT_CLOSED: '票决已经结束，不能再投票。',
  BALLOT_NOT_CLOSED: '票决尚未结束，结束后才能公布结果。',
  BALLOT_PUBLISHED: '票决结果已经公布。',
  RATING_NOT_OPEN: '年终评议（回头看）尚未开始。',
};

/** The Chinese message for an error answer. */
export function messageFor(status: number, code: string, details: unknown, retryAfter: string | null, path: string): string {
  if (status === 401 && path === '/v1/auth/login') return '用户名或密码错误。';
  if (status === 401 && path === PASSWORD_PATH) return '当前密码不正确。';
  if (status === 401 && path === ACTIVATE_PATH) return '用户名或激活码不正确，或该账号已激活。';
  if (status === 401) return '登录已过期，请重新登录。';
  if (status === 403) return '您没有权限进行此操作。';
  if (status === 404) return '没有找到该内容：它可能已被处理，或不在您的权限范围内。';
  if (code === 'NO_DEPUTY_IN_OFFICE') return '该联络站暂无在任代表，请选择一位代表。';
  if (code === 'DEPUTY_NOT_ACTIVE') return '该代表已不在任，请另选一位代表。';
  if (status === 409 && code === 'RECORD_FULL') return '该事项记录的文字已达上限，无法继续添加；请精简内容，或办结后另行处理。';
  if (status === 409 && code === 'NOT_YET') return '接待日还没到，当天起才能登记接待结果。';
  if (status === 409 && code in BALLOT_CONFLICTS) return BALLOT_CONFLICTS[code]!;
  if (status === 409 && code === 'WECHAT_NOT_CONFIGURED') return '本市尚未开通微信公众号通知，暂时无法绑定微信。';
  if (status === 409) return '该事项的状态已经变化，请刷新后再试。';
  if (status === 413) return '文件太大，请拆分后再上传。';
  if (status === 415) return '文件格式不正确。';
  if (status === 429) {
    const seconds = Number(retryAfter);
    return Number.isFinite(seconds) && seconds > 0 ? `操作过于频繁，请 ${Math.ceil(seconds)} 秒后再试。` : '操作过于频繁，请稍后再试。';
  }
  if (status === 400) {
    const fields = Array.isArray(details)
      ? [...new Set((details as { path?: string }[]).map((d) => FIELD_NAMES[String(d.path).split('.').pop() ?? ''] ?? d.path))]
      : [];
    return fields.length > 0 ? `填写的内容有误，请检查：${fields.join('、')}。` : '填写的内容有误，请检查后再提交。';
  }
  if (code === 'NETWORK') return '网络连接失败，请检查网络后重试。';
  return '服务暂时不可用，请稍后再试。';
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Send the body as is with this content type (CSV imports). */
  contentType?: string;
  /** Read the answer as text (CSV downloads). */
  as?: 'json' | 'text';
}

/**
 * Calls the platform's API on the console's own origin with the session's token. Any failure is an
 * {@link ApiError} with a Chinese message; a 401 on a signed-in call ends the session and returns
 * the user to sign-in (and afterwards back to where they were).
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== '');
  const url = query.length > 0 ? `${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : path;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.contentType ? String(options.body) : JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body });
  } catch {
    throw new ApiError(messageFor(0, 'NETWORK', undefined, null, path), 0, 'NETWORK');
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string; details?: unknown } };
    const code = answer.error?.code ?? `HTTP_${response.status}`;
    // A wrong current password is not an ended session.
    if (response.status === 401 && path !== '/v1/auth/login' && path !== PASSWORD_PATH && path !== ACTIVATE_PATH && session.token) {
      session.end();
      onSessionExpired();
    }
    throw new ApiError(
      messageFor(response.status, code, answer.error?.details, response.headers.get('retry-after'), path),
      response.status,
      code,
      answer.error?.details,
    );
  }
  if (options.as === 'text') return (await response.text()) as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The message to show for anything a call threw. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : '出现了意外错误，请刷新页面后重试。';
}
