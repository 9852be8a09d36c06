import type { ScaleStrings } from './en-scales.js';
import type { Strings } from './strings.js';

/**
 * English, built into the panel. The rating scales other than thumbs bring theirs
 * (`en-scales.ts`), and the floating button's label is in `locale.ts` (`BUTTON_LABELS`).
 */
/** The strings a prompt shows (prompts/view.ts), shared with the panel. */
export const enPrompt = {
  close: 'Close',
  thumbsUp: 'Good',
  thumbsDown: 'Not good',
  comment: 'Comment',
  submit: 'Send',
  sending: 'Sending…',
  needContent: 'Choose a rating or write a comment.',
  thanks: 'Thank you! Your feedback was sent.',
  queued: 'Your feedback is saved and will be sent when the connection is back.',
  failed: 'Sorry, your feedback could not be sent.',
  optedOut: 'Nothing was sent: you opted out of feedback on this site.',
} satisfies Partial<Strings>;

export const en: Omit<Strings, keyof ScaleStrings | 'button'> = {
  ...enPrompt,
  title: 'Share your feedback',
  rating: 'Your rating',
  placeholder: 'What could be better? What do you like?',
  category: 'Category',
  bug: 'Bug',
  idea: 'Idea',
  praise: 'Praise',
  question: 'Question',
  other: 'Other',
  email: 'Email (optional)',
  consent: 'Only used to reply to this feedback.',
};
