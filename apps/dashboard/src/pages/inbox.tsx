import type { PageProps } from '../page-props.js';
import { PageHead } from '../components/page-head.js';
import { FeedbackStream } from '../components/feedback-stream/feedback-stream.js';
import { describeRange } from '../range.js';

/** Every feature's feedback in one stream: the triage inbox. */
export function InboxPage({ api, range, live, abilities }: PageProps) {
  return (
    <>
      <PageHead title="Feedback">{describeRange(range)} (UTC), newest first. New feedback appears on top as it arrives.</PageHead>
      <FeedbackStream api={api} live={live} range={range} canTriage={abilities.triage} />
    </>
  );
}
