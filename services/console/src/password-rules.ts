/**
 * The platform's rules for a new password (identity's `passwordProblem`), checked in the browser
 * first so staff hear of a short password or one with their username before anything is sent. The
 * common-password list is the platform's alone: it answers 400 for one.
 */
export const MIN_PASSWORD_LENGTH = 10;

export const PASSWORD_RULES = `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符，不能包含用户名，也不能是常见的简单密码。`;

/** Why the new password is refused, in Chinese, or undefined. */
export function newPasswordProblem(password: string, username: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符。`;
  if (username && password.toLowerCase().includes(username.trim().toLowerCase())) return '新密码不能包含用户名。';
  return undefined;
}

/** Why a new password typed twice is refused (its rules first, then the repetition), in Chinese, or undefined. */
export function newPasswordPairProblem(next: string, repeat: string, username: string): string | undefined {
  return newPasswordProblem(next, username) ?? (next !== repeat ? '两次输入的新密码不一致。' : undefined);
}

/** What a screen says when the platform refuses the new password (400: a common one). */
export const PASSWORD_REFUSED = `新密码不符合要求：${PASSWORD_RULES}`;
