import type { Event, EventRejection, Experiments, FeedbackEvent, IngestResponse, Metadata, PromptDocument, SubmitterUpdate } from '@feedloop/protocol';
import type { Category, RatingScale } from '@feedloop/protocol/vocabulary';
import type { KeyValueStore } from './storage.js';

/** A feature name, or a function giving the current one (a single-page app's route, say). */
export type FeatureSource = string | (() => string | undefined);

/** The user's answer to the host's consent banner: `'pending'` until they answer. */
export type Consent = boolean | 'pending';

export interface ClientOptions {
  /** The project's public key, `pk_…`. */
  key: string;
  /** Base URL of the Feedloop service (or a first-party proxy); empty or missing means this page's origin. */
  endpoint?: string;
  /** Default feature for feedback that names none: a name, or a function asked each time. */
  feature?: FeatureSource;
  experiments?: Experiments;
  userId?: string;
  /** Vouches for `userId` to get the user's updates from other browsers too (see `identify`). */
  userHash?: string;
  appVersion?: string;
  /** Defaults to `navigator.language`. */
  locale?: string;
  /** Milliseconds to wait after an event so that close events go out in one request (default 1000). */
  flushDelay?: number;
  /** Events per request (default and maximum 100). */
  batchSize?: number;
  /** Events kept while undelivered; beyond it the oldest are dropped with a warning (default 500). */
  maxQueue?: number;
  /**
   * Consent mode. `'pending'`: nothing is stored in the browser and no exposure is sent until
   * `consent(true)`; feedback the user sends is still sent (from memory). `false`: refused, the
   * same without waiting. `true`: the user consented, which also lets exposures go from browsers
   * signalling Global Privacy Control. Not given: no consent mode (GPC browsers send no exposures).
   * The script tag reads it from `data-consent`.
   */
  consent?: Consent | 'true' | 'false';
  /**
   * Whether an event may enter the queue (false: it is dropped). The privacy layer sets its own
   * here, calling one given first; read at each event.
   */
  admit?(event: Event): boolean;
  /** Overrides for tests and non-browser use. */
  fetch?: typeof fetch;
  storage?: KeyValueStore;
  sessionStorage?: KeyValueStore;
}

export interface FeedbackInput {
  /** Defaults to the client's current feature. */
  feature?: string;
  rating?: { scale: RatingScale; value: number };
  comment?: string;
  category?: Category;
  email?: string;
  metadata?: Metadata;
  /** The prompt this feedback answers (the widget's prompts set it); absent for feedback the user chose to give. */
  promptId?: string;
}

export interface DeliveryError {
  /**
   * `network`: the endpoint could not be reached (offline, blocked by an ad blocker); kept and retried.
   * `http`: the service answered with an error (`retryIn` is set when it will be retried).
   * `rejected`: the service refused some events of an accepted batch; they are not retried.
   */
  kind: 'network' | 'http' | 'rejected';
  code: string;
  message: string;
  status?: number;
  events: Event[];
  rejected?: EventRejection[];
  /** Milliseconds until the next attempt, when there is one. */
  retryIn?: number;
}

export interface ClientEvents {
  /** An event entered the persistent queue. */
  queued: Event;
  /** A batch was delivered. */
  sent: { events: Event[]; response: IngestResponse };
  error: DeliveryError;
  /** The queue was full and its oldest events were dropped. */
  dropped: { count: number; total: number };
  /** The host called `track(name)`: a local signal (prompts due after an event listen to it), never sent. */
  track: { name: string };
}

export interface FeedloopClient {
  /** Queues a feedback event and returns it; throws a TypeError on input the service would reject. */
  feedback(input: FeedbackInput): FeedbackEvent;
  /** Records that the user sees `variant` of `experiment`; sent once per session. */
  exposure(experiment: string, variant: string): void;
  /** Replaces the current variants (which ride on every event) and records an exposure to each. */
  setExperiments(experiments: Experiments): void;
  /**
   * Sets the user id that events carry. `userHash`, computed by the host app's server (hex
   * HMAC-SHA256 keyed with the hex SHA-256 of the secret key, over `userId`), vouches for it, so
   * `updates()` also returns the user's items sent from other browsers.
   */
  identify(userId: string | undefined, userHash?: string): void;
  setFeature(feature: FeatureSource | undefined): void;
  getFeature(): string | undefined;
  getExperiments(): Experiments;
  /** Whether this browser has given feedback (and so may have updates to ask for); no request. */
  hasSubmitted(): boolean;
  /** This browser's (and the vouched-for user's) items whose status or public reply changed since last marked seen; rejects on failure. */
  updates(): Promise<SubmitterUpdate[]>;
  /** Marks updates as shown, so `updates()` leaves them out; resolves to how many were marked. */
  markSeen(ids: string[]): Promise<number>;
  /** Sends what is queued now; resolves when the queue is empty or delivery failed. */
  flush(): Promise<void>;
  /**
   * Tells the widget that something happened (`track('checkout_completed')`): a prompt due after
   * that event may be shown. Local only: nothing is sent or stored; listeners get a `track` event.
   */
  track(name: string): void;
  /** Records that the widget showed a prompt (`prompt_shown`) or the user dismissed it (`prompt_dismissed`). */
  promptEvent(type: 'prompt_shown' | 'prompt_dismissed', promptId: string, feature: string): void;
  /** The project's active prompts (`GET /v1/prompt-document`); rejects on failure or after 10 s. */
  promptDocument(): Promise<PromptDocument>;
  /** The ids events carry now: the anonymous id (made on first use) and the user id, once identified. */
  getUser(): { anonymousId: string; userId: string | undefined };
  /**
   * Whether the client may keep things in Web Storage now: not opted out, and consent neither
   * pending nor refused. Prompts are shown only then.
   */
  mayStore(): boolean;
  /** Number of undelivered events. */
  pending(): number;
  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void;
  /** Calls the listeners of `event`; the widget emits its own events (`open`, `submit`…) through it. */
  emit<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void;
  /**
   * Opts this browser out, persisted (localStorage `feedloop:optOut`): the queue is dropped
   * unsent, the ids and markers are forgotten, and until `optIn()` nothing is sent (feedback
   * neither) and nothing is stored but the choice. A request already on the wire is not recalled.
   */
  optOut(): void;
  /** Undoes `optOut()` (removes the choice); new ids are made when needed. */
  optIn(): void;
  /** Whether this browser is opted out (in any tab of the site). */
  optedOut(): boolean;
  /**
   * Forgets this browser: drops the queue unsent, removes the anonymous and session ids, the
   * submitted marker (so no updates are asked for) and the exposure markers. A new anonymous id
   * is made with the next event. The opt-out choice stays.
   */
  forget(): void;
  /**
   * The user's answer in consent mode. `true`: from now on the client stores and sends as usual
   * (what the page held in memory is kept and the held exposures are queued). `false`: held and
   * queued exposures are dropped, what an earlier consent stored is removed, and nothing is stored
   * for the rest of the page; feedback is still sent, from memory.
   */
  consent(given: boolean): void;
  /** Removes the page listeners and timers (single-page apps replacing their client). */
  destroy(): void;
}
