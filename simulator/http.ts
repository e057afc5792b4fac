import type { FaultName } from './faults';

/** A response the simulator has decided on but not yet written. */
export interface SimResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
  contentType?: string;
  /** The fault that shaped this answer, for the request log. */
  fault?: FaultName;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SimResponse {
  return { status, body: JSON.stringify(body), headers };
}

export function message(
  status: number,
  text: string,
  error?: string,
): SimResponse {
  return json(
    status,
    error === undefined ? { message: text } : { error, message: text },
  );
}

export const NOT_FOUND = (): SimResponse => message(404, 'Not Found');

export const BAD_API_KEY = (): SimResponse =>
  json(401, {
    error: 'Unauthorized',
    message: 'Unauthorized: api key user not found',
  });
