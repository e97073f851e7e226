/**
 * Zalo shows "typing…" for a few seconds after each signal (neither route documents how long), so
 * it is renewed while the answer is worked on.
 */
export const TYPING_RENEW_MS = 4_000;

/**
 * Runs `work` while the chat shows "typing…". Purely cosmetic: the signal is never awaited, and a
 * failure to show it goes to `onFailure` (to log at debug level), so it can neither delay nor stop
 * the answer.
 */
export async function whileTyping<T>(
  show: () => Promise<void>,
  work: () => Promise<T>,
  onFailure: (error: unknown) => void,
  renewMs = TYPING_RENEW_MS,
): Promise<T> {
  const signal = () => {
    show().catch(onFailure);
  };
  signal();
  const timer = setInterval(signal, renewMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
