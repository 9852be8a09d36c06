import type { FeedbackEvent } from '@feedloop/protocol';
import type { Category, RatingScale } from '@feedloop/protocol/limits';
import type { ClientEvents, FeedloopClient, SubmitterUpdate } from '@feedloop/sdk';
import type { NoticeStrings, Strings } from './i18n/strings.js';

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
}

/** What the lazily loaded panel needs from the eager part. */
export interface PanelContext {
  root: ShadowRoot;
  client: FeedloopClient;
  options: WidgetOptions;
  /** The loaded locale's strings (English is built into the panel). */
  locale: Partial<Strings>;
  /** The locale in use (`en`, `ar`…). */
  code: string;
  emit(event: 'close' | 'submit' | 'error', payload: unknown): void;
}

export interface PanelHandle {
  /** Opens the panel (after loading the rating scale, when not thumbs); focus returns to `trigger` (or what had focus) on close. */
  show(feature: string | undefined, trigger?: Element | null): Promise<void>;
  hide(): void;
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

/** How the eager part gets the lazy parts: dynamic import on npm, script injection from the script tag. */
export interface Loaders {
  panel(): Promise<PanelModule>;
  locale(code: string): Promise<Partial<Strings & NoticeStrings>>;
  notice(): Promise<NoticeModule>;
}
