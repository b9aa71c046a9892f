import type { z } from 'zod';

/**
 * Field messages for errors a citizen reads (公众页面): Chinese, and free of type names, patterns
 * and key names, so a citizen page can show them as they are. Messages a schema sets itself take
 * precedence; this map covers what zod reports on its own.
 */
export const citizenErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '此项必须填写' : '填写的格式不正确';
    case 'too_small':
      return issue.origin === 'string' ? `至少填写 ${issue.minimum} 个字` : '填写的内容太少';
    case 'too_big':
      return issue.origin === 'string' ? `不能超过 ${issue.maximum} 个字` : '填写的内容太多';
    case 'invalid_format':
      return '填写的格式不正确';
    case 'invalid_value':
      return '不是可以选择的选项';
    case 'unrecognized_keys':
      return '含有无法识别的填写项';
    default:
      return '填写的内容不符合要求';
  }
};

/** The summary of a refused citizen request; the fields say what to correct. */
export const CITIZEN_INVALID_INPUT = '提交的内容有误，请按提示修改。';
