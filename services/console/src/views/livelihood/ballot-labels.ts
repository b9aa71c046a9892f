/** 民生实事票决's words on the console. */
export const BALLOT_STATUS = { upcoming: '未开始', voting: '投票中', closed: '已截止，待公布', published: '已公布' } as const;
export const CHOICE_LABELS = { yes: '赞成', no: '反对', abstain: '弃权' } as const;
export const QUARTERS = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' } as const;
