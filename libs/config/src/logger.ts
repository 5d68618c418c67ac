/** Structured JSON logs (pino). Personal data is never logged: log ids and codes, not names, phones or e-mails. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    base: { service: 'complaintflow', component: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.phone', '*.email', '*.name', '*.complainant', 'req.headers.authorization', '*.password'],
      censor: '[redacted]',
    },
  });
}
