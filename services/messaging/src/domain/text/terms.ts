/**
 * The terms of a Chinese message (分词): what similarity and triage compare. Two views of the same
 * text: the words `Intl.Segmenter` finds (Node's full ICU carries a Chinese dictionary), and the
 * character bigrams of each run of Han characters, which still match when the dictionary splits
 * a place name or a colloquial phrase differently in two messages.
 */

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Words that say nothing about the matter: particles, pronouns and the politeness every message
 * carries (希望, 请, 反映). Kept short on purpose; the similarity weighs the rest by rarity anyway.
 */
const STOP_WORDS = new Set(
  '的 了 是 在 有 和 就 都 也 还 又 很 太 我 我们 你 他 她 它 他们 这 那 这里 那里 这个 那个 一个 一下 一些 什么 怎么 能不能 能 不 没 没有 吗 呢 吧 啊 呀 着 过 被 把 让 给 对 从 到 去 来 上 下 里 说 要 会 可以 已经 希望 请 请求 反映 建议 问题 相关 部门 有关 尽快 帮忙 一直 现在 今年 天天 每天 经常 好几 好多 很多 非常 特别 根本 只能 大家 情况 一 二 三'.split(
    ' ',
  ),
);

const HAN = /\p{Script=Han}/u;

/** The text as compared: full-width folded (NFKC) and lower case. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The meaningful words of the text, in order (stop words and punctuation left out). */
export function words(text: string): string[] {
  const found: string[] = [];
  for (const part of SEGMENTER.segment(normalize(text))) {
    if (part.isWordLike && !STOP_WORDS.has(part.segment)) found.push(part.segment);
  }
  return found;
}

/** The character bigrams of each run of Han characters (a run of one character is its own term). */
export function bigrams(text: string): string[] {
  const found: string[] = [];
  let run = '';
  const flush = () => {
    const chars = [...run];
    if (chars.length === 1) found.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) found.push(chars[i]! + chars[i + 1]!);
    run = '';
  };
  for (const char of normalize(text)) {
    if (HAN.test(char)) run += char;
    else flush();
  }
  flush();
  return found;
}

/**
 * The terms compared: the words (a Latin or digit token such as `8路` included) and, prefixed with
 * `~`, the bigrams that are not already words — so a two-character word counts once.
 */
export function terms(text: string): string[] {
  const w = words(text);
  const known = new Set(w);
  return [
    ...w,
    ...bigrams(text)
      .filter((b) => !known.has(b) && !STOP_WORDS.has(b))
      .map((b) => `~${b}`),
  ];
}
