const PLACES = ['东门', '西街', '南桥', '北坡', '中心广场', '菜市场', '小学', '卫生院', '老街', '新区', '火车站', '工业园'];
const PROBLEMS = [
  '路灯不亮',
  '电梯故障',
  '道路积水',
  '垃圾清运不及时',
  '噪音扰民',
  '停车难',
  '井盖破损',
  '绿化带被占',
  '公交班次太少',
  '自来水浑浊',
  '学位紧张',
  '农田灌溉难',
];
const CATEGORIES = ['roads_transport', 'public_facilities', 'education', 'environment', 'other'];

/** The `i`th of a benchmark's distinct citizen messages: a place, a problem, and the demo city's categories in turn. */
export function citizenMessage(i: number, suffix = ''): { category: string; content: string } {
  return {
    category: CATEGORIES[i % CATEGORIES.length]!,
    content: `${PLACES[i % PLACES.length]}${PROBLEMS[Math.floor(i / PLACES.length) % PROBLEMS.length]}，${PLACES[Math.floor(i / 144) % PLACES.length]}一带居民反映。${suffix}`,
  };
}
