import type { Role } from './api/types.ts';

export interface MenuItem {
  to: string;
  label: string;
}

/** Each role's menu, its daily work first. */
export const MENUS: Record<Role, MenuItem[]> = {
  deputy: [
    { to: '/inbox', label: '群众留言' },
    { to: '/suggestions', label: '代表建议' },
    { to: '/appointments', label: '接待预约' },
    { to: '/livelihood', label: '民生实事' },
    { to: '/archive', label: '履职档案' },
    { to: '/notifications', label: '通知' },
    { to: '/preferences', label: '设置' },
  ],
  township_reviewer: [
    { to: '/reviews', label: '待审核' },
    { to: '/moderation', label: '待核实留言' },
    { to: '/overview', label: '工作概览' },
    { to: '/supervision', label: '督办清单' },
    { to: '/activities', label: '履职活动' },
    { to: '/rankings', label: '履职排名' },
    { to: '/flags', label: '提醒名单' },
    { to: '/consultations', label: '意见征集' },
    { to: '/appointments', label: '接待预约' },
    { to: '/livelihood', label: '民生实事' },
    { to: '/notifications', label: '通知' },
    { to: '/preferences', label: '设置' },
  ],
  city_reviewer: [
    { to: '/reviews', label: '待审核' },
    { to: '/moderation', label: '待核实留言' },
    { to: '/overview', label: '工作概览' },
    { to: '/suggestions', label: '建议办理' },
    { to: '/supervision', label: '督办清单' },
    { to: '/activities', label: '履职活动' },
    { to: '/rankings', label: '履职排名' },
    { to: '/flags', label: '提醒名单' },
    { to: '/bulletins', label: '发布通报' },
    { to: '/consultations', label: '意见征集' },
    { to: '/appointments', label: '接待预约' },
    { to: '/livelihood', label: '民生实事' },
    { to: '/notifications', label: '通知' },
    { to: '/preferences', label: '设置' },
  ],
  unit_handler: [
    { to: '/tasks', label: '交办任务' },
    { to: '/suggestions', label: '代表建议' },
    { to: '/livelihood', label: '民生实事' },
    { to: '/notifications', label: '通知' },
    { to: '/preferences', label: '设置' },
  ],
  admin: [
    { to: '/overview', label: '工作概览' },
    { to: '/imports', label: '名录导入' },
    { to: '/accounts', label: '账号管理' },
    { to: '/deliveries', label: '发送记录' },
    { to: '/privacy', label: '个人信息删除' },
    { to: '/supervision', label: '督办清单' },
    { to: '/activities', label: '履职活动' },
    { to: '/rankings', label: '履职排名' },
    { to: '/flags', label: '提醒名单' },
    { to: '/bulletins', label: '发布通报' },
    { to: '/consultations', label: '意见征集' },
    { to: '/appointments', label: '接待预约' },
    { to: '/livelihood', label: '民生实事' },
    { to: '/notifications', label: '通知' },
  ],
};

/** Where a role starts after signing in. */
export function homeFor(role: Role | undefined): string {
  return role ? (MENUS[role][0]?.to ?? '/notifications') : '/login';
}
