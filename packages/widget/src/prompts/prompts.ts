/**
 * The prompt runtime (issue 16, docs/prompts.md): a lazy chunk the widget imports when the browser
 * is idle, only when the host enabled prompts (`data-prompts` on the script tag, `prompts: true`
 * on npm). It fetches the project's prompt document, keeps the prompts it understands, and shows
 * at most one prompt a page view: the first (oldest) whose `who` takes this user, whose caps allow
 * it, and whose `when` holds, re-checked on `track()` calls, SPA navigation and the delays'
 * timers. Nothing is shown, fetched or sent while the user is opted out or consent is pending or
 * refused (the caps need localStorage), and a host's open modal comes first: the prompt waits for
 * it to close, and steps aside while one is open.
 */
import type { BrowserPrompt } from '@feedloop/protocol';
import { questionFor } from '@feedloop/protocol/prompt-rules';
import { PROMPTS_KEY } from '@feedloop/sdk';
import { adoptStyles } from '../core/styles.js';
import { enPrompt } from '../i18n/en.js';
import { enScales } from '../i18n/en-scales.js';
import type { Strings } from '../i18n/strings.js';
import { RATING_CSS, SCALES_CSS } from '../panel/rating-css.js';
import { submitFeedback } from '../panel/submit.js';
import type { PromptContext } from '../types.js';
import { capsAllow, readCaps, recordAnswered, recordAsked, type Caps } from './caps.js';
import { PROMPT_CSS } from './prompt-css.js';
import { dueAt, mayAsk, problemOf } from './rules.js';
import { showPrompt } from './view.js';

/** How often a due prompt looks again whether the host's modal closed (and a shown one whether one opened). */
const MODAL_POLL_MS = 500;

/** An open modal of the host page, visible: a `<dialog>` opened with showModal, or an element with aria-modal="true". */
function hostModalOpen() {
  try {
    return [...document.querySelectorAll('dialog:modal,[aria-modal=true]')].some((element) => element.checkVisibility?.() ?? element.getClientRects().length > 0);
  } catch {
    return !!document.querySelector('dialog[open]'); // a browser without `:modal`
  }
}

export async function startPrompts({ root, client, options, code, tracked, locale, emit }: PromptContext): Promise<void> {
  if (!client.mayStore()) return;
  const load = () => {
    try {
      return readCaps(localStorage.getItem(PROMPTS_KEY));
    } catch {
      return readCaps(null);
    }
  };
  const save = (change: (caps: Caps) => Caps) => {
    try {
      if (client.mayStore()) localStorage.setItem(PROMPTS_KEY, JSON.stringify(change(load())));
    } catch {} // Web Storage blocked or full: the caps of this page are lost, nothing else
  };
  // Feedback given in this browser (prompted or not) starts `daysAfterFeedback`.
  client.on('queued', (event) => event.type == 'feedback' && save((caps) => recordAnswered(caps, Date.now())));

  let prompts: BrowserPrompt[];
  try {
    const document_ = await client.promptDocument();
    prompts = (Array.isArray(document_?.prompts) ? (document_.prompts as unknown[]) : []).filter((prompt) => {
      const problem = problemOf(prompt);
      // Once: the document is read once a page view.
      if (problem) console.warn('feedloop: prompt not shown, not understood:', problem, prompt);
      return !problem;
    }) as BrowserPrompt[];
  } catch {
    return; // unreachable, slow or refused: nothing is shown
  }
  if (!prompts[0]) return;

  const userLocale = options.locale ?? navigator.language;
  const pageStart = Date.now() - performance.now();
  let path = location.pathname;
  let pathSince = pageStart;
  let shown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function check() {
    clearTimeout(timer);
    if (location.pathname != path) [path, pathSince] = [location.pathname, Date.now()];
    if (shown || !root.isConnected || !client.mayStore()) return;
    const now = Date.now();
    const caps = load();
    const user = { ...client.getUser(), experiments: client.getExperiments(), locale: userLocale };
    let next = Infinity;
    for (const prompt of prompts) {
      if (!capsAllow(caps, prompt, now) || !mayAsk(prompt, user)) continue;
      const at = dueAt(prompt, { pageStart, path, pathSince, tracked });
      if (at === undefined) continue;
      if (at > now) next = Math.min(next, at);
      else if (hostModalOpen()) next = now + MODAL_POLL_MS;
      else return void show(prompt);
    }
    if (next < Infinity) timer = setTimeout(check, next - now);
  }

  async function show(prompt: BrowserPrompt) {
    shown = true; // one prompt a page view, even when two are due at once
    const t = { ...enPrompt, ...enScales, ...(await locale(code).catch(() => ({}))), ...options.strings } as Strings;
    // The user opted out, or a host modal opened, while the strings loaded.
    if (!client.mayStore() || hostModalOpen() || !root.isConnected) return void ((shown = false), check());
    save((caps) => recordAsked(caps, prompt.id, Date.now()));
    client.promptEvent('prompt_shown', prompt.id, prompt.feature);
    adoptStyles(root, RATING_CSS + PROMPT_CSS + (prompt.scale == 'thumbs' ? '' : SCALES_CSS), options.nonce);
    root.host.setAttribute('data-mode', options.mode ?? 'auto');
    const region = showPrompt({
      root,
      prompt,
      question: questionFor(prompt.question, prompt.defaultLocale ?? 'en', userLocale),
      t,
      dir: code == 'ar' ? 'rtl' : 'ltr', // directionOf, without a chunk of its own
      onDismiss() {
        save((caps) => recordAnswered(caps, Date.now())); // a dismissal counts as an answer
        client.promptEvent('prompt_dismissed', prompt.id, prompt.feature);
      },
      answer: (value, comment) =>
        submitFeedback(client, { feature: prompt.feature, rating: { scale: prompt.scale, value }, comment, promptId: prompt.id }, (event) => emit('submit', event)),
    });
    // A host modal opened later: the prompt steps aside until it closes (it never covers one).
    const watch = setInterval(() => (region.isConnected ? (region.hidden = hostModalOpen()) : clearInterval(watch)), MODAL_POLL_MS);
  }

  // SPA navigation: a prompt with a path condition is checked again when the path changes.
  if (prompts.some((prompt) => prompt.when.path !== undefined)) {
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args);
        check();
      };
    }
    addEventListener('popstate', check);
  }
  // After every listener of the call: the widget's, which may come after this one, keeps the call in `tracked`.
  client.on('track', () => void Promise.resolve().then(check));
  check();
}
