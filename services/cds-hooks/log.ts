/**
 * One line per request: method, path, status, time, card count or refusal reason. Never a
 * header, a body, a token or a patient id: only what this module is handed.
 */
export interface RequestLog {
  method: string;
  path: string;
  status: number;
  ms: number;
  cards?: number;
  note?: string;
}

export type Logger = (entry: RequestLog) => void;

export const stdoutLogger: Logger = (e) => {
  const extra = [e.cards === undefined ? '' : `cards=${e.cards}`, e.note ?? '']
    .filter(Boolean)
    .join(' ');
  process.stdout.write(`${e.method} ${e.path} ${e.status} ${e.ms.toFixed(0)}ms ${extra}\n`);
};

export const silentLogger: Logger = () => undefined;
