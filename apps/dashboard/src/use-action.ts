import { useState } from 'preact/hooks';

/**
 * A form's one action at a time: busy while it runs, then what it did (a message) or why it
 * failed (an error), and `after` (e.g. reload the list) either way.
 */
export function useAction(after?: () => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  return {
    busy,
    message,
    error,
    /** A refusal before anything is sent (a missing field). */
    fail(reason: string) {
      setMessage('');
      setError(reason);
    },
    async act(work: () => Promise<string>) {
      setBusy(true);
      setError('');
      setMessage('');
      try {
        setMessage(await work());
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
        after?.();
      }
    },
  };
}
