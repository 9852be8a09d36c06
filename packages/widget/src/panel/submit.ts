import type { FeedbackEvent } from '@feedloop/protocol';
import type { FeedbackInput, FeedloopClient } from '@feedloop/sdk';

/** Named by the string that tells the user (`thanks`: sent; `optedOut`: nothing sent, the user opted out). */
export type Outcome = 'thanks' | 'queued' | 'failed' | 'optedOut';

/** How long the user waits for an answer before being told the feedback is saved for later. */
const PATIENCE_MS = 8000;

/**
 * Queues the feedback and tries to deliver it at once. `queued` means it is stored and will be
 * retried (offline, endpoint blocked by an ad blocker, server busy); `failed` that the service
 * refused it for good (an error without a retry, or a batch accepted with this event refused).
 */
export async function submitFeedback(
  client: FeedloopClient,
  input: FeedbackInput,
  onQueued: (event: FeedbackEvent) => void,
): Promise<Outcome> {
  // Opted out, the client drops the feedback: say so rather than thank (the panel chunk's own
  // client, before the core, has no privacy layer: feedloop.js sends an opted-out browser's open to the core).
  if (client.optedOut?.()) return 'optedOut';
  const event = client.feedback(input);
  onQueued(event);
  let outcome: Outcome = 'thanks';
  const stop = client.on('error', ({ kind, events, rejected, retryIn }) => {
    const index = events.findIndex((e) => e.id == event.id);
    if (index >= 0 && (kind != 'rejected' || rejected?.some((r) => r.index == index))) outcome = retryIn == undefined ? 'failed' : 'queued';
  });
  const waited = await Promise.race([
    client.flush().then(() => false),
    new Promise<true>((resolve) => setTimeout(resolve, PATIENCE_MS, true)),
  ]);
  stop();
  return waited ? 'queued' : outcome;
}
