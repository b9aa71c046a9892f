import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { whenSessionExpires } from './api/request.ts';
import type { Role } from './api/types.ts';
import { homeFor } from './menu.ts';
import { session } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Screen title (also the document title). */
    title: string;
    /** Roles that may open the screen; none: anyone signed in. */
    roles?: readonly Role[];
    /** Open without signing in. */
    public?: boolean;
    /** Full screen, without the menu and top bar (the big screen, 大屏). */
    fullScreen?: boolean;
  }
}

const REVIEWERS = ['township_reviewer', 'city_reviewer'] as const;
const COMMITTEE = ['township_reviewer', 'city_reviewer', 'admin'] as const;

/**
 * Screens by area (src/views/<area>/<page>.vue), each loaded when first opened. Addresses live after
 * `#` (`/console/#/inbox`), so the platform serves one page for every screen.
 */
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { title: '登录', public: true } },
  { path: '/activate', name: 'activate', component: () => import('./views/login/ActivateView.vue'), meta: { title: '激活账号', public: true } },
  { path: '/password', name: 'password', component: () => import('./views/login/PasswordView.vue'), meta: { title: '修改密码' } },
  { path: '/', name: 'home', redirect: () => homeFor(session.user?.role), meta: { title: '工作台' } },

  { path: '/inbox', name: 'inbox', component: () => import('./views/deputy/InboxView.vue'), meta: { title: '群众留言', roles: ['deputy'] } },
  { path: '/messages/:messageId', name: 'message', component: () => import('./views/deputy/MessageView.vue'), meta: { title: '留言详情', roles: ['deputy'] } },
  { path: '/archive', name: 'archive', component: () => import('./views/deputy/ArchiveView.vue'), meta: { title: '我的履职档案', roles: ['deputy'] } },
  { path: '/notifications', name: 'notifications', component: () => import('./views/me/NotificationsView.vue'), meta: { title: '通知与通报' } },
  { path: '/preferences', name: 'preferences', component: () => import('./views/me/PreferencesView.vue'), meta: { title: '通知设置' } },

  { path: '/reviews', name: 'reviews', component: () => import('./views/review/ReviewQueueView.vue'), meta: { title: '待审核事项', roles: REVIEWERS } },
  { path: '/reviews/:caseId', name: 'review', component: () => import('./views/review/ReviewCaseView.vue'), meta: { title: '审核交办', roles: REVIEWERS } },
  { path: '/moderation', name: 'moderation', component: () => import('./views/review/ModerationView.vue'), meta: { title: '待核实留言', roles: REVIEWERS } },
  { path: '/supervision', name: 'supervision', component: () => import('./views/review/SupervisionView.vue'), meta: { title: '督办清单', roles: COMMITTEE } },
  { path: '/activities', name: 'activities', component: () => import('./views/review/ActivitiesView.vue'), meta: { title: '登记履职活动', roles: COMMITTEE } },
  { path: '/rankings', name: 'rankings', component: () => import('./views/review/RankingsView.vue'), meta: { title: '履职排名', roles: COMMITTEE } },
  { path: '/flags', name: 'flags', component: () => import('./views/review/FlagsView.vue'), meta: { title: '提醒名单', roles: COMMITTEE } },
  {
    path: '/bulletins',
    name: 'bulletins',
    component: () => import('./views/review/BulletinView.vue'),
    meta: { title: '发布通报', roles: ['city_reviewer', 'admin'] },
  },

  {
    path: '/suggestions',
    name: 'suggestions',
    component: () => import('./views/suggestion/SuggestionsView.vue'),
    meta: { title: '代表建议', roles: ['deputy', 'city_reviewer', 'unit_handler', 'admin'] },
  },
  {
    path: '/suggestions/:caseId',
    name: 'suggestion',
    component: () => import('./views/suggestion/SuggestionView.vue'),
    meta: { title: '建议详情', roles: ['deputy', 'city_reviewer', 'unit_handler', 'admin'] },
  },
  {
    path: '/consultations',
    name: 'consultations',
    component: () => import('./views/participation/ConsultationsView.vue'),
    meta: { title: '意见征集', roles: COMMITTEE },
  },
  {
    path: '/appointments',
    name: 'appointments',
    component: () => import('./views/participation/AppointmentsView.vue'),
    meta: { title: '接待预约', roles: ['deputy', 'township_reviewer', 'city_reviewer', 'admin'] },
  },
  {
    path: '/consultations/:id',
    name: 'consultation',
    component: () => import('./views/participation/ConsultationView.vue'),
    meta: { title: '征集结果', roles: COMMITTEE },
  },

  {
    path: '/livelihood',
    name: 'livelihood-ballots',
    component: () => import('./views/livelihood/LivelihoodBallotsView.vue'),
    meta: { title: '民生实事票决' },
  },
  {
    path: '/livelihood/:ballotId',
    name: 'livelihood-ballot',
    component: () => import('./views/livelihood/LivelihoodBallotView.vue'),
    meta: { title: '票决详情' },
  },

  { path: '/tasks', name: 'tasks', component: () => import('./views/unit/TasksView.vue'), meta: { title: '交办任务', roles: ['unit_handler'] } },
  { path: '/tasks/:caseId', name: 'task', component: () => import('./views/unit/TaskView.vue'), meta: { title: '办理任务', roles: ['unit_handler'] } },

  { path: '/overview', name: 'overview', component: () => import('./views/committee/OverviewView.vue'), meta: { title: '工作概览', roles: COMMITTEE } },
  {
    path: '/screen',
    name: 'screen',
    component: () => import('./views/committee/ScreenView.vue'),
    meta: { title: '数据大屏', roles: COMMITTEE, fullScreen: true },
  },

  { path: '/imports', name: 'imports', component: () => import('./views/admin/ImportView.vue'), meta: { title: '名录导入', roles: ['admin'] } },
  { path: '/accounts', name: 'accounts', component: () => import('./views/admin/AccountsView.vue'), meta: { title: '账号管理', roles: ['admin'] } },
  { path: '/deliveries', name: 'deliveries', component: () => import('./views/admin/DeliveriesView.vue'), meta: { title: '发送记录', roles: ['admin'] } },
  { path: '/privacy', name: 'privacy', component: () => import('./views/admin/PrivacyView.vue'), meta: { title: '个人信息删除', roles: ['admin'] } },

  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!session.isActive()) {
    const expired = session.hasExpired();
    session.end();
    return { name: 'login', query: { redirect: to.fullPath, ...(expired ? { expired: '1' } : {}) } };
  }
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password', query: { redirect: to.fullPath } };
  const role = session.user?.role;
  if (to.meta.roles && (!role || !to.meta.roles.includes(role))) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } };
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title} · 民情直通工作台`;
});

// The API refused the token (it expired or was revoked): back to sign-in, then back here.
whenSessionExpires(() => {
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
});
