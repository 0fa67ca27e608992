import { randomToken } from '../shared/random-pool.js';
import type { RandomSource } from '../../application/ports/random-source.js';

export const cryptoRandomSource: RandomSource = { token: randomToken };
