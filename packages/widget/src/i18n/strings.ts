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
}
