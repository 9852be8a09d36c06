import type { CreatePromptRequest } from '@feedloop/protocol';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { PREVIEW_READY, PREVIEW_SHOW } from '../preview/messages.js';

/** The locales the widget speaks (its own words; the question is the prompt's). */
const WIDGET_LOCALES = ['en', 'ar', 'de', 'es', 'fr', 'ja'];

export type PreviewedPrompt = Pick<CreatePromptRequest, 'feature' | 'scale' | 'comment' | 'question' | 'defaultLocale'> & { id?: string; name: string };

/**
 * A prompt as users see it: the real widget in an `<iframe sandbox="allow-scripts">` (without
 * allow-same-origin: an opaque origin that can reach neither this page nor its cookies), loaded by
 * the service's preview page (GET /v1/prompt-preview), which connects nowhere. The frame says when
 * it listens; then it gets the definition (its wording is hostile text: the widget shows it as
 * text). Any change of locale or definition loads a fresh frame.
 */
export function PromptPreview({ prompt, onClose }: { prompt: PreviewedPrompt; onClose(): void }) {
  const defaultLocale = prompt.defaultLocale ?? 'en';
  const [locale, setLocale] = useState(defaultLocale);
  const frame = useRef<HTMLIFrameElement>(null);
  const section = useRef<HTMLElement>(null);
  const titleId = useId(); // two previews at once (a row's and the form's) keep their own title
  const locales = [...new Set([defaultLocale, ...Object.keys(prompt.question), ...WIDGET_LOCALES])];
  const definition = {
    id: prompt.id,
    feature: prompt.feature,
    scale: prompt.scale,
    comment: prompt.comment ?? false,
    question: prompt.question,
    defaultLocale,
  };
  const identity = JSON.stringify([definition, locale]);

  useEffect(() => {
    const listen = (event: MessageEvent) => {
      const target = frame.current?.contentWindow;
      if (!target || event.source !== target || (event.data as { type?: unknown } | null)?.type !== PREVIEW_READY) return;
      // The frame's origin is opaque ("null"): "*" is the only target that reaches it. What is
      // sent is the admin's own definition, to the frame this page just made.
      target.postMessage({ type: PREVIEW_SHOW, prompt: definition, locale }, '*');
    };
    addEventListener('message', listen);
    return () => removeEventListener('message', listen);
  }, [identity]);
  // Into view: the widget starts its prompts when the browser is idle, which Chromium never is
  // for a cross-origin frame out of sight (it throttles it).
  useEffect(() => section.current?.scrollIntoView({ block: 'nearest' }), []);

  return (
    <section ref={section} class="card prompt-preview" aria-labelledby={titleId}>
      <h2 id={titleId}>Preview of “{prompt.name}”</h2>
      <p class="muted">The real widget, as users see it; nothing is sent or stored. Conditions, sampling and caps do not apply here.</p>
      <div class="preview-controls">
        <label>
          <span>Locale</span>
          <select value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" class="secondary" onClick={onClose}>
          Close preview
        </button>
      </div>
      <iframe key={identity} ref={frame} class="preview-frame" sandbox="allow-scripts" src="../v1/prompt-preview" title={`Prompt preview (${locale})`} />
    </section>
  );
}
