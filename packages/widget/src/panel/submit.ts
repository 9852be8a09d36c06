import type { FeedbackEvent } from '@feedloop/protocol';
import type { DeliveryError, FeedbackInput, FeedloopClient } from '@feedloop/sdk';

export type Outcome = 'sent' | 'queued' | 'failed';

/** How long the user waits for an answer before being told the feedback is saved for later. */
const PATIENCE_MS = 8000;

/**
 * Queues the feedback and tries to deliver it at once. `queued` means it is stored and will be
 * retried (offline, endpoint blocked by an ad blocker, server busy); `failed` that the service
 * refused it for good.
 */
export async function submitFeedback(
  client: FeedloopClient,
  input: FeedbackInput,
  onQueued: (event: FeedbackEvent) => void,
): Promise<Outcome> {
  const event = client.feedback(input);
  onQueued(event);
  let failure: DeliveryError | undefined;
  const stop = client.on('error', (error) => {
    if (error.events.some((e) => e.id == event.id) && (error.kind != 'rejected' || error.rejected?.length)) failure = error;
  });
  const waited = await Promise.race([
    client.flush().then(() => false),
    new Promise<true>((resolve) => setTimeout(resolve, PATIENCE_MS, true)),
  ]);
  stop();
  if (waited) return 'queued';
  if (!failure) return 'sent';
  if (failure.kind == 'rejected') {
    const index = failure.events.findIndex((e) => e.id == event.id);
    return failure.rejected!.some((r) => r.index == index) ? 'failed' : 'sent';
  }
  return failure.retryIn == undefined ? 'failed' : 'queued';
}
