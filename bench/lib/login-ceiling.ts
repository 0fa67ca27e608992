import { generateKeyPairSync, sign, verify } from 'node:crypto';

/** HTTP exchanges in one measured login: GET /login, authorize, sign-in, consent, callback, the token call, GET /. */
export const EXCHANGES_PER_LOGIN = 7;

export interface Rs512Cost {
  /** CPU µs for one RS512 signature with a 2048-bit key (what the fake Globus does per login). */
  readonly signUs: number;
  /** CPU µs for one verification (what the app does per login). */
  readonly verifyUs: number;
}

/** RS512 with node:crypto, synchronously: the cheapest way Node signs and verifies an id_token. */
export function measureRs512(signs = 200): Rs512Cost {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingInput = Buffer.from(`eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9.${'x'.repeat(700)}`);
  let signature = sign('sha512', signingInput, privateKey);
  const cpuUs = (run: () => void, times: number): number => {
    const before = process.cpuUsage();
    for (let i = 0; i < times; i += 1) run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / times;
  };
  const signUs = cpuUs(() => (signature = sign('sha512', signingInput, privateKey)), signs);
  const verifyUs = cpuUs(() => verify('sha512', signingInput, publicKey, signature), signs * 5);
  return { signUs, verifyUs };
}

/**
 * The most logins per second any implementation could complete on this machine, with no framework
 * at all: every core busy with nothing but one RS512 signature and its verification, and each
 * HTTP exchange of the flow at the bare node:http cost measured in the same run (server side and
 * load-generator side of the baseline row).
 */
export function loginCeiling(cores: number, rs512: Rs512Cost, exchangeServerUs: number, exchangeClientUs: number): number {
  const perLoginUs = rs512.signUs + rs512.verifyUs + EXCHANGES_PER_LOGIN * (exchangeServerUs + exchangeClientUs);
  return (cores * 1e6) / perLoginUs;
}
