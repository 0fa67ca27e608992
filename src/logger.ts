import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Nothing we log carries tokens by design; the redaction list is a
 * second line of defence should a header or body ever be logged by mistake.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'globus-koa-login' },
    redact: {
      paths: ['authorization', 'cookie', 'headers.authorization', 'headers.cookie', '*.access_token', '*.refresh_token', '*.id_token', 'code', 'client_secret'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
