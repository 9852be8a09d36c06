import type { Event } from '@feedloop/protocol';
import type { EventMaker } from './events.js';
import type { Queue } from './queue.js';
import { jsonStore, memoryStore, type KeyValueStore } from './storage.js';
import type { ClientOptions, Consent, FeedloopClient } from './types.js';
import { SUBMITTED_KEY } from './updates.js';

/** The one key kept while opted out: the choice itself (`1`), in localStorage. */
export const OPT_OUT_KEY = 'feedloop:optOut';
/** The keys the client keeps in localStorage (the queue's is per project key) and sessionStorage. */
export const ANONYMOUS_ID_KEY = 'feedloop:anonymousId';
export const SESSION_ID_KEY = 'feedloop:sessionId';
export const EXPOSED_KEY = 'feedloop:exposed';
/** The widget's prompt caps (which prompts this browser was asked, when, its last answer): see the widget's prompts/caps.ts. */
export const PROMPTS_KEY = 'feedloop:prompts';
const LOCAL_KEYS = [ANONYMOUS_ID_KEY, SUBMITTED_KEY, PROMPTS_KEY];
const SESSION_KEYS = [SESSION_ID_KEY, EXPOSED_KEY];

export type PrivacyApi = Pick<FeedloopClient, 'optOut' | 'optIn' | 'optedOut' | 'forget' | 'consent' | 'mayStore' | 'updates' | 'markSeen' | 'destroy'>;

/** `consent` as an option or a `data-consent` attribute (text): `'pending'`, true, false, or not given. */
const readConsent = (value: unknown): Consent | undefined =>
  value === 'pending' ? 'pending' : value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/**
 * Opt-out, consent and Global Privacy Control, on an `attachEvents` and its queue. It installs two
 * things on `options`, which the queue and the event maker read at each use (so the script tag's
 * core can add it to the queue and the client the panel chunk may have made first):
 *
 * - `storage` and `sessionStorage`: Web Storage while the client may store, else the page's
 *   memory (opted out, consent pending or refused). Nothing is then read from or written to Web
 *   Storage but the opt-out choice; the ids, the queue and the markers live and die with the page.
 * - `admit(event)`: whether an event may enter the queue. Opted out: none. Consent pending:
 *   feedback yes (the user's own act, delivered from memory), exposures are held in memory until
 *   `consent(true)` (then queued) or `consent(false)` (then dropped). Consent refused, or a
 *   browser signalling Global Privacy Control without the host's word that the user consented
 *   (`consent: true` / `consent(true)`): feedback yes, exposures no.
 *
 * The opt-out choice is read from localStorage at each use, so every tab of the site follows it,
 * and a tab told by the `storage` event empties its own copy of the queue at once.
 */
export function addPrivacy({ client, common, enqueue }: Pick<EventMaker, 'client' | 'common' | 'enqueue'>, queue: Pick<Queue, 'queued' | 'write'>, options: ClientOptions, updates: Pick<FeedloopClient, 'updates' | 'markSeen'>): PrivacyApi {
  const base = { local: options.storage, session: options.sessionStorage };
  const real = {
    local: () => base.local ?? localStorage,
    session: () => base.session ?? sessionStorage,
  };
  let memory = { local: memoryStore(), session: memoryStore() };
  let consent = readConsent(options.consent);
  let choice = false; // the opt-out choice of this page, where localStorage is unusable
  let held: Event[] = []; // exposures made while consent is pending

  const attempt = (action: () => void) => {
    try {
      action();
    } catch {} // Web Storage missing, blocked or full: the page's memory is all there is
  };
  const optedOut = () => {
    let stored: string | null = null;
    attempt(() => (stored = real.local().getItem(OPT_OUT_KEY)));
    return stored == null ? choice : stored == '1';
  };
  const mayStore = () => consent !== 'pending' && consent !== false && !optedOut();
  const gpc = () => (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true;

  /** Web Storage or the page's memory, decided at each call. */
  const gated = (name: 'local' | 'session'): KeyValueStore => {
    const store = () => (mayStore() ? real[name]() : memory[name]);
    return {
      getItem: (key) => store().getItem(key),
      setItem: (key, value) => store().setItem(key, value),
      removeItem: (key) => store().removeItem(key),
    };
  };
  options.storage = gated('local');
  options.sessionStorage = gated('session');

  const own = options.admit;
  options.admit = (event) => {
    if (optedOut()) return false;
    // A prompt is shown only while the client may store (its caps live in localStorage): its events neither.
    if (event.type.startsWith('prompt') && !mayStore()) return false;
    if (event.type == 'exposure') {
      if (consent == 'pending') return void held.push(event), false;
      if (consent === false || (consent !== true && gpc())) return false;
    }
    return !own || own(event);
  };

  /** Removes every key of the client from Web Storage and memory; the queue is emptied first. */
  function erase() {
    held = [];
    queue.write([]); // also empties the queue's own in-memory copy
    memory = { local: memoryStore(), session: memoryStore() };
    const queueKey = 'feedloop:queue:' + options.key;
    for (const key of [...LOCAL_KEYS, queueKey]) attempt(() => real.local().removeItem(key));
    for (const key of SESSION_KEYS) attempt(() => real.session().removeItem(key));
  }

  // Another tab opted out (or forgot): this tab's copy of the queue is dropped too.
  const onStorage = (event: StorageEvent) => {
    if (event.key == OPT_OUT_KEY && event.newValue == '1') erase();
  };
  globalThis.addEventListener?.('storage', onStorage);

  /** Copies what the page kept in memory to Web Storage, where Web Storage has nothing under that key. */
  function keepInStorage() {
    for (const name of ['local', 'session'] as const)
      for (const key of name == 'local' ? LOCAL_KEYS : SESSION_KEYS) {
        const value = memory[name].getItem(key);
        attempt(() => value != null && real[name]().getItem(key) == null && real[name]().setItem(key, value));
      }
  }

  /**
   * The exposures held while consent was pending join the queue, with the ids the browser keeps
   * now, each once per session (as `exposure()` does).
   */
  function release() {
    const exposed = jsonStore(() => options.sessionStorage!);
    for (const event of held.splice(0)) {
      if (event.type != 'exposure') continue;
      const id = event.experiment + '=' + event.variant;
      const marked = exposed.load<string[]>(EXPOSED_KEY, []);
      if (marked.includes(id)) continue;
      const { anonymousId, sessionId } = common();
      if (enqueue({ ...event, anonymousId, sessionId })) exposed.save(EXPOSED_KEY, [...marked, id]);
    }
  }

  return {
    optOut() {
      erase();
      choice = true;
      attempt(() => real.local().setItem(OPT_OUT_KEY, '1'));
    },
    optIn() {
      choice = false;
      memory = { local: memoryStore(), session: memoryStore() };
      attempt(() => real.local().removeItem(OPT_OUT_KEY));
    },
    optedOut,
    mayStore,
    forget: erase,
    consent(given) {
      const wasPending = consent == 'pending';
      if (given) {
        const inMemory = mayStore() ? [] : queue.queued(); // feedback waiting in memory
        consent = true;
        if (!mayStore()) return; // opted out: the choice stands
        keepInStorage();
        memory = { local: memoryStore(), session: memoryStore() };
        const stored = queue.queued();
        queue.write([...stored, ...inMemory.filter((event) => !stored.some((other) => other.id == event.id))]);
        release();
      } else {
        const feedback = queue.queued().filter((event) => event.type == 'feedback');
        held = [];
        consent = false;
        // What an earlier consent stored goes; the user's feedback is still sent, from memory.
        if (!wasPending) erase();
        queue.write(feedback);
      }
    },
    // Asking for updates sends the anonymous id: not while opted out.
    updates: () => (optedOut() ? Promise.resolve([]) : updates.updates()),
    markSeen: (ids) => (optedOut() ? Promise.resolve(0) : updates.markSeen(ids)),
    destroy() {
      globalThis.removeEventListener?.('storage', onStorage);
      client.destroy();
    },
  };
}
