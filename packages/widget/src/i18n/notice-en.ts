import type { NoticeStrings } from './strings.js';

/** English strings of the update notice: in its own chunk, not in the panel's. */
export const noticeEn: NoticeStrings = {
  close: 'Close',
  updatesTitle: 'Your feedback',
  updateLine: '{status}: {reply}',
  // A reply to an item whose status has not changed.
  statusNew: 'Reply',
  statusAcknowledged: 'Acknowledged',
  statusPlanned: 'Planned',
  statusInProgress: 'In progress',
  statusDone: 'Done',
  statusDeclined: 'Declined',
};
