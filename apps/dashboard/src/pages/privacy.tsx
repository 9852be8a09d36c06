import type { PrivacySettings, PrivacySettingsResponse } from '@feedloop/protocol';
import { MAX_DROPPED_METADATA_KEYS, MAX_METADATA_KEY_LENGTH, MAX_SCRUB_PATTERN_LENGTH, MAX_SCRUB_PATTERNS } from '@feedloop/protocol/limits';
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { Outcome } from '../components/outcome.js';
import { PageHead } from '../components/page-head.js';
import { formatTime } from '../format.js';
import { useLoad } from '../load.js';
import { useAction } from '../use-action.js';

/** What ingest always scrubs, in words (the service's defaults; not settings). */
const ALWAYS = [
  'payment card numbers (with a valid check digit)',
  'IBANs',
  'JSON Web Tokens, API keys of known services, bearer tokens and private keys',
  'passwords in URLs (user:password@) and values named like password, secret, token or api_key',
  'query parameters named like token, password, secret, key, session or code',
];

/** One line a pattern or key; blank lines ignored. */
const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

/**
 * The project's privacy settings (admins): what ingest scrubs from comments, metadata, page URLs
 * and user ids before anything is stored, beyond what it always scrubs. Changes apply to events
 * received afterwards only, as the page says plainly.
 */
export function PrivacyPage({ api, project }: PageProps) {
  const loaded = useLoad((signal) => api.get<PrivacySettingsResponse>(api.inProject('/privacy/settings'), undefined, signal), [api]);
  const [patterns, setPatterns] = useState('');
  const [keys, setKeys] = useState('');
  const [emails, setEmails] = useState<PrivacySettings['emailsInComments']>('keep');
  const [phones, setPhones] = useState<PrivacySettings['phonesInComments']>('keep');
  const [query, setQuery] = useState<PrivacySettings['urlQueryStrings']>('keep');
  const { busy, message, error, fail, act } = useAction();

  // The form starts from what is saved (and again after each save).
  useEffect(() => {
    const s = loaded.data?.settings;
    if (!s) return;
    setPatterns(s.extraPatterns.join('\n'));
    setKeys(s.dropMetadataKeys.join('\n'));
    setEmails(s.emailsInComments);
    setPhones(s.phonesInComments);
    setQuery(s.urlQueryStrings);
  }, [loaded.data]);

  const save = (event: Event) => {
    event.preventDefault();
    const settings: PrivacySettings = {
      extraPatterns: lines(patterns),
      dropMetadataKeys: lines(keys),
      emailsInComments: emails,
      phonesInComments: phones,
      urlQueryStrings: query,
    };
    if (settings.extraPatterns.length > MAX_SCRUB_PATTERNS) return fail(`At most ${MAX_SCRUB_PATTERNS} patterns.`);
    if (settings.extraPatterns.some((p) => p.length > MAX_SCRUB_PATTERN_LENGTH)) return fail(`A pattern has at most ${MAX_SCRUB_PATTERN_LENGTH} characters.`);
    if (settings.dropMetadataKeys.length > MAX_DROPPED_METADATA_KEYS) return fail(`At most ${MAX_DROPPED_METADATA_KEYS} metadata keys.`);
    if (settings.dropMetadataKeys.some((k) => k.length > MAX_METADATA_KEY_LENGTH)) return fail(`A metadata key has at most ${MAX_METADATA_KEY_LENGTH} characters.`);
    // Reloaded on success only: the reload resets the form, and a refused entry stays to be corrected.
    void act(async () => {
      await api.put<PrivacySettingsResponse>(api.inProject('/privacy/settings'), settings);
      loaded.reload();
      return 'Privacy settings saved. They apply to events received from now on; feedback already stored is not changed.';
    });
  };

  const updatedAt = loaded.data?.updatedAt;
  return (
    <>
      <PageHead title="Privacy">What {project.name} scrubs from feedback before anything is stored.</PageHead>

      <section class="card" aria-labelledby="privacy-always-title">
        <h2 id="privacy-always-title">Always scrubbed</h2>
        <p>
          In comments, metadata values, page URLs and user ids, these are replaced by <code>[redacted:…]</code> before an event is
          stored, for every project:
        </p>
        <ul>
          {ALWAYS.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="privacy-settings-title">
        <h2 id="privacy-settings-title">Settings of this project</h2>
        <p class="notice applies-to">
          <strong>Changes apply to new events only.</strong> Feedback already stored keeps the text it was stored with: nothing is scrubbed
          again.{' '}
          {updatedAt ? (
            <>
              Last changed <time dateTime={updatedAt}>{formatTime(updatedAt)}</time>.
            </>
          ) : (
            'These are the defaults: never changed.'
          )}
        </p>
        {!loaded.data && loaded.loading && <p class="muted">Loading…</p>}
        {loaded.data && (
          <form class="token-form privacy-form" onSubmit={save} noValidate>
            <fieldset class="scopes">
              <legend>Email addresses inside comments</legend>
              <Choice<PrivacySettings['emailsInComments']> name="emails" value={emails} onChange={setEmails} options={[['keep', 'Keep'], ['redact', 'Replace by [redacted:email]']]} />
            </fieldset>
            <fieldset class="scopes">
              <legend>Phone numbers inside comments</legend>
              <Choice<PrivacySettings['phonesInComments']> name="phones" value={phones} onChange={setPhones} options={[['keep', 'Keep'], ['redact', 'Replace by [redacted:phone]']]} />
            </fieldset>
            <fieldset class="scopes">
              <legend>Query strings of page URLs</legend>
              <Choice<PrivacySettings['urlQueryStrings']>
                name="query"
                value={query}
                onChange={setQuery}
                options={[['keep', 'Keep (secret parameters are redacted either way)'], ['drop', 'Drop the query string (the part after ?)']]}
              />
            </fieldset>
            <label>
              <span>
                Extra patterns: one regular expression a line (RE2 syntax, at most {MAX_SCRUB_PATTERNS}), each match replaced by
                [redacted:custom]
              </span>
              <textarea rows={4} spellcheck={false} value={patterns} placeholder="ORD-[0-9]{6}" onInput={(e) => setPatterns(e.currentTarget.value)} />
            </label>
            <label>
              <span>Metadata keys to drop: one a line (any case, at most {MAX_DROPPED_METADATA_KEYS})</span>
              <textarea rows={3} spellcheck={false} value={keys} placeholder="internalNotes" onInput={(e) => setKeys(e.currentTarget.value)} />
            </label>
            <div>
              <button type="submit" disabled={busy}>
                Save privacy settings
              </button>
            </div>
          </form>
        )}
      </section>
      <Outcome message={message} error={error || loaded.error?.message} />
    </>
  );
}

function Choice<V extends string>({ name, value, options, onChange }: { name: string; value: V; options: [V, string][]; onChange(value: V): void }) {
  return (
    <>
      {options.map(([option, label]) => (
        <label key={option} class="check">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          <span>{label}</span>
        </label>
      ))}
    </>
  );
}
