import { hostname } from 'node:os';
import type { Middleware } from 'koa';
import { pino, type Logger } from 'pino';
import { currentRequestScope, runInRequestScope } from './request-scope.js';

/** The request a log line is written during: whatever the HTTP edge put in `state.requestId`. */
const requestIdNow = (): string | undefined => {
  const state = currentRequestScope()?.state;
  const id: unknown = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)['requestId'] : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/**
 * Runs the rest of the request inside a log context, so every line logged while serving it
 * (by the edge, an adapter or a library callback) carries its `requestId`, even a line whose
 * author forgot to add it. Must run outside the middleware that assigns the id.
 */
export function requestLogContext(): Middleware {
  return (ctx, next) => runInRequestScope({ state: ctx.state }, next);
}

/** Field names whose values are secrets wherever they appear; logged as `[redacted]`. */
const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  'access_token',
  'refresh_token',
  'id_token',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  'code',
  'query.code',
  'state',
  'code_verifier',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'password',
  'secret',
  'sessionSecret',
  'tokenEncryptionKeys',
  'metricsToken',
];

/**
 * Structured JSON logs, one object a line. Nothing we log carries tokens by design; the
 * redaction list is a second line of defence should a header or body ever be logged by mistake.
 * Lines logged during a request carry its `requestId` (see requestLogContext).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    // pid and hostname tell the instances behind a proxy apart.
    base: { service: 'globus-koa-login', pid: process.pid, hostname: hostname() },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: (): Record<string, unknown> => {
      const requestId = requestIdNow();
      return requestId === undefined ? {} : { requestId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
