import { computed, reactive } from 'vue';
import type { Role, SignIn, User } from '../api/types.ts';

const STORAGE_KEY = 'minqing.console.session';

interface StoredSession {
  token: string;
  user: User;
  /** Epoch milliseconds at which the access token stops being accepted. */
  expiresAt: number;
  mustChangePassword: boolean;
}

function restore(): StoredSession | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

const state = reactive<{ current: StoredSession | undefined }>({ current: restore() });

/** The signed-in staff member, kept across reloads in this browser until sign-out or expiry. */
export const session = {
  get user(): User | undefined {
    return state.current?.user;
  },
  get token(): string | undefined {
    return state.current?.token;
  },
  get mustChangePassword(): boolean {
    return state.current?.mustChangePassword ?? false;
  },
  /** Whether there is a session whose token has not yet expired. */
  isActive(now = Date.now()): boolean {
    return state.current !== undefined && state.current.expiresAt > now;
  },
  /** Whether the session existed but ran out (as opposed to never signing in). */
  hasExpired(now = Date.now()): boolean {
    return state.current !== undefined && state.current.expiresAt <= now;
  },
  start(result: SignIn, now = Date.now()): void {
    state.current = {
      token: result.accessToken,
      user: result.user,
      expiresAt: now + result.expiresIn * 1000,
      mustChangePassword: result.mustChangePassword === true,
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.current));
  },
  passwordChanged(): void {
    if (!state.current) return;
    state.current = { ...state.current, mustChangePassword: false };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.current));
  },
  end(): void {
    state.current = undefined;
    localStorage.removeItem(STORAGE_KEY);
  },
};

/** The caller's role, reactive for menus and guards. */
export const currentRole = computed<Role | undefined>(() => state.current?.user.role);
export const currentUser = computed<User | undefined>(() => state.current?.user);
