import type { PageProps } from '../app.js';
import { FeedbackStream } from '../components/feedback-stream.js';
import { describeRange } from '../range.js';

/** Every feature's feedback in one stream: the triage inbox. */
export function InboxPage({ api, range, live }: PageProps) {
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Feedback</h1>
        <p class="muted">{describeRange(range)} (UTC), newest first. New feedback appears on top as it arrives.</p>
      </div>
      <FeedbackStream api={api} live={live} range={range} />
    </>
  );
}
