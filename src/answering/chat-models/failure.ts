import { EmptyReplyError } from './complete-text.ts';

export type ModelFailureReason =
  | 'timeout'
  | 'auth_refused'
  | 'rate_limited'
  | 'server_error'
  | 'request_rejected'
  | 'connection_failed'
  | 'malformed_reply'
  | 'empty_reply'
  | 'model_error';

/**
 * Why a chat model call failed, for one log line. Carries the error's class and HTTP status but
 * never its message: providers echo (part of) the API key in authentication errors, and a
 * malformed body could contain anything.
 */
export interface ModelFailure {
  reason: ModelFailureReason;
  status?: number;
  error: string;
}

export function describeModelFailure(error: unknown): ModelFailure {
  const kind = errorKind(error);
  const status = httpStatus(error);
  const reason = reasonFor(kind, status);
  return status === undefined ? { reason, error: kind } : { reason, status, error: kind };
}

function reasonFor(kind: string, status: number | undefined): ModelFailureReason {
  if (kind === 'TimeoutError' || kind === 'AbortError' || kind === 'APIConnectionTimeoutError') return 'timeout';
  if (kind === EmptyReplyError.name) return 'empty_reply';
  if (status === 401 || status === 403) return 'auth_refused';
  if (status === 429) return 'rate_limited';
  if (status !== undefined && status >= 500) return 'server_error';
  if (status !== undefined) return 'request_rejected';
  if (kind === 'APIConnectionError') return 'connection_failed';
  // The SDK parses the body itself: a reply that is not JSON, or JSON without choices, surfaces here.
  if (kind === 'SyntaxError' || kind === 'TypeError') return 'malformed_reply';
  return 'model_error';
}

/** `name` where a library sets it (LangChain's TimeoutError, an AbortSignal's reason), else the class (OpenAI SDK errors). */
function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return error.name !== 'Error' ? error.name : error.constructor.name;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}
