import { retrainTriage } from '../use-cases/match-message.ts';
import { matching, schedule } from './deps.ts';

/** Every night: the triage model is trained again on the city's routed matters and keyword rules. */
export const handler = schedule('triage-training', async (now) => retrainTriage(matching, now));
