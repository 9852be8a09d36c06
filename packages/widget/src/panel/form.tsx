import type { Category } from '@feedloop/protocol/limits';
import { Component, Fragment, h } from 'preact';
import type { Strings } from '../i18n/strings.js';
import type { PanelContext } from '../types.js';
import type { RatingScale } from '@feedloop/protocol/limits';
import { ChoiceGroup, type Choice } from './rating.js';
import { submitFeedback, type Outcome } from './submit.js';

const ALL_CATEGORIES: Category[] = ['bug', 'idea', 'praise', 'question', 'other'];

type Status = 'idle' | 'sending' | 'invalid' | Outcome;

interface FormProps {
  context: PanelContext;
  feature: string;
  scale: RatingScale;
  /** The scale's choices: `thumbs`, or those of the lazily loaded scales. */
  choices(t: Strings): Choice[];
  t: Strings;
}

interface FormState {
  rating?: number;
  comment: string;
  category?: number;
  email: string;
  status: Status;
}

/** The form. A class component: Preact's hooks would add a kilobyte to the panel. */
export class FeedbackForm extends Component<FormProps, FormState> {
  override state: FormState = { comment: '', email: '', status: 'idle' };

  override render({ context, feature: target, scale, choices, t }: FormProps, { rating, comment, category, email, status }: FormState) {
    const { client, options } = context;
    const categories = options.categories ?? ALL_CATEGORIES;
    const set = (change: Partial<FormState>) => this.setState(change);

    const onSubmit = async (event: Event) => {
      event.preventDefault();
      if (rating == undefined && !comment.trim()) return set({ status: 'invalid' });
      set({ status: 'sending' });
      try {
        const input = {
          feature: target,
          rating: rating == undefined ? undefined : { scale, value: rating },
          comment,
          category: category == undefined ? undefined : categories[category],
          email: email.trim() || undefined,
        };
        set({ status: await submitFeedback(client, input, (queued) => context.emit('submit', queued)) });
      } catch (error) {
        console.error(error);
        set({ status: 'failed' });
      }
    };

    const message = { idle: '', sending: t.sending, invalid: t.needContent, sent: t.thanks, queued: t.queued, failed: t.failed }[status];
    const done = status == 'sent' || status == 'queued';
    return (
      <form onSubmit={onSubmit} noValidate>
        {!done && (
          <>
            <ChoiceGroup
              name="rating"
              legend={scale == 'nps' ? t.nps : t.rating}
              className={scale == 'nps' ? 'n' : undefined}
              choices={choices(t)}
              value={rating}
              onChange={(value) => set({ rating: value })}
              fill={scale == 'stars'}
            />
            {scale == 'nps' && (
              <div class="x" aria-hidden="true">
                <span>{t.npsLow}</span>
                <span>{t.npsHigh}</span>
              </div>
            )}
            <label class="l" for="fl-comment">
              {t.comment}
            </label>
            <textarea
              id="fl-comment"
              maxLength={5000}
              placeholder={t.placeholder}
              value={comment}
              onInput={(e) => set({ comment: e.currentTarget.value })}
            />
            {categories.length > 0 && (
              <ChoiceGroup
                name="category"
                legend={t.category}
                className="k"
                choices={categories.map((name, value) => ({ value, label: t[name], glyph: t[name] }))}
                value={category}
                onChange={(value) => set({ category: value })}
              />
            )}
            {options.email != false && (
              <>
                <label class="l" for="fl-email">
                  {t.email}
                </label>
                <input
                  id="fl-email"
                  type="email"
                  autocomplete="email"
                  maxLength={320}
                  aria-describedby="fl-consent"
                  value={email}
                  onInput={(e) => set({ email: e.currentTarget.value })}
                />
                <p class="q" id="fl-consent">
                  {t.consent}
                </p>
              </>
            )}
          </>
        )}
        <p role="status">
          {message}
        </p>
        {!done && (
          <button type="submit" disabled={status == 'sending'}>
            {t.submit}
          </button>
        )}
      </form>
    );
  }
}
