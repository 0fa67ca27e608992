import { z } from 'zod';
import { FAKE_ROUTES } from './route-names.js';
import { MAX_CLOCK_SKEW_SECONDS, type FaultState } from './faults.js';

const route = z.enum(FAKE_ROUTES);
const status = z.number().int().min(400).max(599);
const headers = z.record(z.string(), z.string()).optional();

/** One fault command for POST /_fake/faults; mirrors the FaultControls methods one to one. */
export const faultCommand = z.discriminatedUnion('fault', [
  z.object({ fault: z.literal('latency'), route, ms: z.number().min(0) }),
  z.object({ fault: z.literal('failNext'), route, count: z.number().int().min(0), status, body: z.unknown().optional(), headers }),
  z.object({ fault: z.literal('errorRate'), route, rate: z.number().min(0).max(1), status, body: z.unknown().optional(), headers }),
  z.object({ fault: z.literal('tokenLifetime'), seconds: z.number().int().min(1) }),
  z.object({ fault: z.literal('expireAccessTokens') }),
  z.object({ fault: z.literal('requireConsent'), scopes: z.array(z.string().min(1)).nullable() }),
  z.object({ fault: z.literal('endpointCount'), username: z.string(), count: z.number().int().min(0) }),
  z.object({ fault: z.literal('clockSkew'), seconds: z.number().int().min(-MAX_CLOCK_SKEW_SECONDS).max(MAX_CLOCK_SKEW_SECONDS) }),
  z.object({ fault: z.literal('rotateRefreshTokens'), on: z.boolean() }),
  z.object({ fault: z.literal('clear') }),
]);
export type FaultCommand = z.infer<typeof faultCommand>;

export function applyFaultCommand(faults: FaultState, command: FaultCommand): void {
  switch (command.fault) {
    case 'latency':
      return faults.setLatency(command.route, command.ms);
    case 'failNext':
      return faults.failNext(command.route, command.count, command.status, command.body, command.headers);
    case 'errorRate':
      return faults.setErrorRate(command.route, command.rate, command.status, command.body, command.headers);
    case 'tokenLifetime':
      return faults.setTokenLifetime(command.seconds);
    case 'expireAccessTokens':
      return faults.expireAccessTokens();
    case 'requireConsent':
      return faults.requireConsent(command.scopes);
    case 'endpointCount':
      return faults.setEndpointCount(command.username, command.count);
    case 'clockSkew':
      return faults.setClockSkew(command.seconds);
    case 'rotateRefreshTokens':
      return faults.rotateRefreshTokens(command.on);
    case 'clear':
      return faults.clear();
  }
}
