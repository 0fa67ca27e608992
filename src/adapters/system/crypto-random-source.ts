import { randomBytes } from 'node:crypto';
import type { RandomSource } from '../../application/ports/random-source.js';

export const cryptoRandomSource: RandomSource = { token: (bytes) => randomBytes(bytes).toString('base64url') };
