/** Every string of the UI. `{n}` is replaced by a number. */
export interface Strings {
  button: string;
  title: string;
  close: string;
  rating: string;
  thumbsUp: string;
  thumbsDown: string;
  star: string;
  emoji1: string;
  emoji2: string;
  emoji3: string;
  emoji4: string;
  emoji5: string;
  nps: string;
  npsLow: string;
  npsHigh: string;
  comment: string;
  placeholder: string;
  category: string;
  bug: string;
  idea: string;
  praise: string;
  question: string;
  other: string;
  email: string;
  consent: string;
  submit: string;
  sending: string;
  needContent: string;
  thanks: string;
  queued: string;
  failed: string;
  /** Said instead of `thanks` to a user who opted out: nothing was sent. */
  optedOut: string;
}

/**
 * The strings of the notice telling submitters what became of their feedback (English in
 * `notice-en.ts`, loaded with the notice; the other locales carry them too). `{status}` and
 * `{reply}` are replaced by the status's label and the team's public reply.
 */
export interface NoticeStrings {
  close: string;
  updatesTitle: string;
  updateLine: string;
  statusNew: string;
  statusAcknowledged: string;
  statusPlanned: string;
  statusInProgress: string;
  statusDone: string;
  statusDeclined: string;
}
