import { request } from './request.ts';
import type { Erasure, ErasureTarget } from './types.ts';

/** 删除个人信息: erases the name, phone and location a citizen left with one message (admin). */
export const eraseContact = (target: ErasureTarget) => request<Erasure>('POST', '/v1/privacy/erasure', { body: target });

/** The latest erasures, on request or by the retention period, newest first (admin). */
export const listErasures = () => request<{ items: Erasure[] }>('GET', '/v1/privacy/erasures');
