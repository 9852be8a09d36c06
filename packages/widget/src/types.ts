import type { FeedbackEvent } from '@feedloop/protocol';
import type { Category, RatingScale } from '@feedloop/protocol/vocabulary';
import type { ClientEvents, FeedloopClient, SubmitterUpdate } from '@feedloop/sdk';
import type { NoticeStrings, Strings } from './i18n/strings.js';
import type { Tracked } from './prompts/rules.js';

export type Position = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
export type ColorMode = 'light' | 'dark' | 'auto';

/** CSS values; each becomes a `--feedloop-*` custom property on the widget's host element. */
export interface Theme {
  accent?: string;
  background?: string;
  text?: string;
  radius?: string;
  font?: string;
}

export interface WidgetOptions {
  /** Feature used when neither a trigger, a route nor `open()` names one. */
  feature?: string;
  /** Path patterns to features, re-evaluated on SPA navigation: `{"/checkout*": "checkout", "/": "home"}`. */
  routes?: Record<string, string>;
  /** Rating scale per feature; `scale` is the default (thumbs). */
  scales?: Record<string, RatingScale>;
  scale?: RatingScale;
  /** Category chips offered (default all); an empty list hides them. */
  categories?: Category[];
  /** Ask for an optional email (with consent text). Default true. */
  email?: boolean;
  /** Floating button position; `button: false` hides it (use triggers or `open()`). */
  position?: Position;
  button?: boolean;
  /** An element of the host page (or a CSS selector) that opens the panel. */
  trigger?: Element | string;
  /** `en`, `de`, `fr`, `es`, `ja`, `ar`; default from `navigator.language`. */
  locale?: string;
  /** Overrides of any UI string. */
  strings?: Partial<Strings>;
  theme?: Theme;
  mode?: ColorMode;
  /** Nonce for the `<style>` fallback under a nonce-based CSP (lazy chunks are imported, inheriting the script's). */
  nonce?: string;
  /** `idle`: load the panel when the browser is idle instead of on first open. */
  preload?: 'idle' | 'open';
  /**
   * `false`: do not ask for the submitter's updates (no request, no notice, no `update` event).
   * By default a browser that has given feedback asks once per page view, when idle.
   */
  updates?: boolean;
  /**
   * Show the project's prompts (docs/prompts.md): when the browser is idle, the prompt runtime
   * (a lazy chunk) fetches the prompt document. Without it there is no request for the document.
   * The script tag reads `data-prompts="on"`.
   */
  prompts?: boolean | string;
}

export interface OpenOptions {
  feature?: string;
  /** Focus returns here on close (defaults to the element focused when opening). */
  trigger?: Element | null;
}

export interface WidgetEvents extends ClientEvents {
  open: { feature: string | undefined };
  close: object;
  submit: FeedbackEvent;
  /** An update the notice showed the submitter (one event per item), for the host app's own channels. */
  update: SubmitterUpdate;
}

export type WidgetListener = <K extends keyof WidgetEvents>(
  event: K,
  listener: (payload: WidgetEvents[K]) => void,
) => () => void;

export interface Widget {
  open(options?: OpenOptions): Promise<void>;
  close(): void;
  /** Listens to the widget's events and the client's. */
  on: WidgetListener;
  /** The widget's shadow root (its host element is `root.host`). */
  root: ShadowRoot;
  /** Removes the widget from the page (the client stays). */
  destroy(): void;
  /** `client.track(name)`: a prompt due after that event may be shown (local only, nothing is sent). */
  track(name: string): void;
}

/** What the lazily loaded panel needs from the widget. */
export interface PanelContext {
  root: ShadowRoot;
  client: FeedloopClient;
  options: WidgetOptions;
  /** The loaded locale's strings; none for English, which is built into the panel. */
  locale?: Partial<Strings>;
  /** The locale in use (`en`, `ar`…). */
  code: string;
  emit(event: 'open' | 'close' | 'submit' | 'error', payload: unknown): void;
}

export interface PanelHandle {
  /**
   * Opens the panel for `feature` (the client's current one when undefined): emits `open`, loads
   * the rating scale when not thumbs, shows the dialog. Focus returns to `trigger` (or what had
   * focus) when the dialog closes, however it is closed (the widget's `close()` closes the
   * root's dialog).
   */
  show(feature: string | undefined, trigger?: Element | null): Promise<void>;
}

export interface PanelModule {
  mountPanel(context: PanelContext): PanelHandle;
}

/** What the update notice (a lazy chunk) needs. */
export interface NoticeContext {
  root: ShadowRoot;
  updates: SubmitterUpdate[];
  options: WidgetOptions;
  /** The locale in use (`en`, `ar`…). */
  code: string;
  /** Its strings (English is built into the notice). */
  locale: Partial<NoticeStrings>;
}

export interface NoticeModule {
  showNotice(context: NoticeContext): HTMLElement;
}

/**
 * How the widget (`createWidget`) gets its lazy parts. The builds differ only in the panel's: a
 * dynamic import on npm, the panel chunk next to feedloop.js in the script tag.
 */
export interface Loaders {
  panel(): Promise<PanelModule>;
  /** A locale's strings, `{}` for English (built in). */
  locale(code: string): Promise<Partial<Strings & NoticeStrings>>;
  notice(): Promise<NoticeModule>;
  /** The prompt runtime (prompts/prompts.ts). */
  prompts(): Promise<PromptsModule>;
}

/** What the prompt runtime (a lazy chunk) needs. */
export interface PromptContext {
  root: ShadowRoot;
  client: FeedloopClient;
  options: WidgetOptions;
  /** The widget's locale (`en`, `ar`…): the UI strings and the direction. */
  code: string;
  /** This page's `track()` calls so far; the widget adds to it (and emits `track`) as they come. */
  tracked: Tracked[];
  locale: Loaders['locale'];
  emit(event: 'submit', payload: unknown): void;
}

export interface PromptsModule {
  startPrompts(context: PromptContext): Promise<void>;
}
