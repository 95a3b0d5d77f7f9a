import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOpts {
  level?: string;
  /** Pretty, human-readable lines; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go; defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/** The root logger of a process. Modules take child loggers: `log.child({ module: 'bank' })`. */
export function createLogger(opts: LoggerOpts = {}): Logger {
  const level = opts.level ?? process.env.RACE_LOG_LEVEL ?? 'info';
  const pretty = opts.pretty ?? (process.stdout.isTTY === true && !opts.destination);
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return opts.destination ? pino({ level }, opts.destination as pino.DestinationStream) : pino({ level });
}

/** A logger that drops everything: the default dependency in unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
