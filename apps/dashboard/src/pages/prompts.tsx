import type { CreatePromptRequest, Prompt, PromptResultsResponse, PromptsResponse } from '@feedloop/protocol';
import { PROMPT_SCALES, type PromptScale } from '@feedloop/protocol/vocabulary';
import { useState } from 'preact/hooks';
import { segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Outcome } from '../components/outcome.js';
import { TimeChart } from '../components/charts.js';
import { MetricTable, Stat } from '../components/metrics.js';
import { SCALE_LABELS, formatCount, formatPercent } from '../format.js';
import { useLoad } from '../load.js';
import { useAction } from '../use-action.js';
import { PromptPreview, type PreviewedPrompt } from './prompt-preview.js';

/**
 * The project's prompts (/v1/prompts, admins): list, define, edit, pause or resume, delete, and
 * each one's results (response rate and ratings per day and per variant). Wording is shown as
 * text only. Preview: the real widget in a sandboxed frame (prompt-preview.tsx), for a saved
 * prompt or the one being edited.
 */
export function PromptsPage({ api, theme }: PageProps) {
  const prompts = useLoad((signal) => api.get<PromptsResponse>('/v1/prompts', undefined, signal), [api]);
  const [editing, setEditing] = useState<Prompt | 'new' | undefined>();
  const [results, setResults] = useState<Prompt | undefined>();
  const [preview, setPreview] = useState<Prompt | undefined>();
  const [saved, setSaved] = useState('');
  const action = useAction(() => prompts.reload());
  const list = prompts.data?.prompts ?? [];

  const setStatus = (prompt: Prompt, status: Prompt['status']) =>
    action.act(async () => {
      await api.patch<Prompt>(`/v1/prompts/${segment(prompt.id)}`, { status });
      return status === 'paused' ? `Paused “${prompt.name}”: it is no longer shown.` : `Resumed “${prompt.name}”.`;
    });
  const remove = (prompt: Prompt) =>
    action.act(async () => {
      await api.delete(`/v1/prompts/${segment(prompt.id)}`);
      if (results?.id === prompt.id) setResults(undefined);
      if (preview?.id === prompt.id) setPreview(undefined);
      return `Deleted “${prompt.name}”.`;
    });

  return (
    <>
      <PageHead title="Prompts">
        Questions the widget asks a sample of users after an event, on a page or after some seconds, at most so often. Their answers
        give an unbiased response rate and rating per variant.
      </PageHead>
      <div class="section-head">
        <button type="button" onClick={() => (setSaved(''), setEditing('new'))} disabled={editing === 'new'}>
          New prompt
        </button>
      </div>
      {editing && (
        <PromptForm
          api={api}
          prompt={editing === 'new' ? undefined : editing}
          onDone={(message) => {
            setEditing(undefined);
            setSaved(message ?? '');
            prompts.reload();
          }}
        />
      )}
      <Outcome message={action.message || saved} error={action.error || undefined} />
      {prompts.error && (
        <p class="error" role="alert">
          {prompts.error.message}
        </p>
      )}
      {!prompts.data && prompts.loading && <p class="muted">Loading…</p>}
      {prompts.data && list.length === 0 && <p class="empty">No prompt yet.</p>}
      {list.length > 0 && (
        <Table
          class="prompts"
          caption="The project's prompts, newest first"
          hideCaption
          head={
            <>
              <th scope="col">Name</th>
              <th scope="col">Question</th>
              <th scope="col">Feature</th>
              <th scope="col">Scale</th>
              <th scope="col" class="num">Sample</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </>
          }
        >
          {list.map((p) => (
            <tr key={p.id} data-id={p.id}>
              <th scope="row" class="prompt-name">
                {p.name}
              </th>
              <td class="prompt-question">{p.question[p.defaultLocale]}</td>
              <td>{p.feature}</td>
              <td>{SCALE_LABELS[p.scale]}</td>
              <td class="num">{p.who.samplePercent} %</td>
              <td>
                <span class={`chip prompt-${p.status}`}>{p.status}</span>
              </td>
              <td class="actions">
                <button type="button" class="secondary" onClick={() => setResults(p)}>
                  Results<span class="visually-hidden"> of {p.name}</span>
                </button>{' '}
                <button type="button" class="secondary" onClick={() => setPreview(p)}>
                  Preview<span class="visually-hidden"> {p.name}</span>
                </button>{' '}
                <button type="button" class="secondary" onClick={() => setEditing(p)}>
                  Edit<span class="visually-hidden"> {p.name}</span>
                </button>{' '}
                <button type="button" class="secondary" disabled={action.busy} onClick={() => void setStatus(p, p.status === 'active' ? 'paused' : 'active')}>
                  {p.status === 'active' ? 'Pause' : 'Resume'}
                  <span class="visually-hidden"> {p.name}</span>
                </button>{' '}
                <ConfirmButton
                  label={
                    <>
                      Delete…<span class="visually-hidden"> {p.name}</span>
                    </>
                  }
                  question="Delete this prompt and its display events? Its answers stay as feedback."
                  confirmLabel="Delete prompt"
                  groupLabel={`Confirm deletion of ${p.name}`}
                  disabled={action.busy}
                  onConfirm={() => void remove(p)}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {preview && <PromptPreview key={preview.id} prompt={preview} onClose={() => setPreview(undefined)} />}
      {results && <PromptResults key={results.id} api={api} prompt={results} theme={theme} />}
    </>
  );
}

/** Lines "de = Wie war es?" ⇄ the question's other locales. */
const wordingsText = (question: Record<string, string>, defaultLocale: string) =>
  Object.entries(question)
    .filter(([locale]) => locale !== defaultLocale)
    .map(([locale, text]) => `${locale} = ${text}`)
    .join('\n');

function PromptForm({ api, prompt, onDone }: { api: PageProps['api']; prompt: Prompt | undefined; onDone(message?: string): void }) {
  const [name, setName] = useState(prompt?.name ?? '');
  const [feature, setFeature] = useState(prompt?.feature ?? '');
  const [scale, setScale] = useState<PromptScale>(prompt?.scale ?? 'thumbs');
  const [comment, setComment] = useState(prompt?.comment ?? false);
  const [defaultLocale, setDefaultLocale] = useState(prompt?.defaultLocale ?? 'en');
  const [question, setQuestion] = useState(prompt ? (prompt.question[prompt.defaultLocale] ?? '') : '');
  const [wordings, setWordings] = useState(prompt ? wordingsText(prompt.question, prompt.defaultLocale) : '');
  const [event, setEvent] = useState(prompt?.when.event ?? '');
  const [path, setPath] = useState(prompt?.when.path ?? '');
  const [delay, setDelay] = useState(prompt?.when.delaySeconds?.toString() ?? '');
  const [sample, setSample] = useState(String(prompt?.who.samplePercent ?? 10));
  const [experiment, setExperiment] = useState(prompt?.who.experiment ?? '');
  const [variant, setVariant] = useState(prompt?.who.variant ?? '');
  const [identifiedOnly, setIdentifiedOnly] = useState(prompt?.who.identifiedOnly ?? false);
  const [locales, setLocales] = useState(prompt?.who.locales?.join(', ') ?? '');
  const [between, setBetween] = useState(String(prompt?.frequency.daysBetweenPrompts ?? 0));
  const [afterFeedback, setAfterFeedback] = useState(String(prompt?.frequency.daysAfterFeedback ?? 0));
  const [preview, setPreview] = useState<PreviewedPrompt | undefined>();
  const action = useAction();

  /** The request the form stands for, or why it is not one yet. */
  function build(): CreatePromptRequest | string {
    const words: Record<string, string> = { [defaultLocale.trim()]: question };
    for (const line of wordings.split('\n')) {
      const at = line.indexOf('=');
      if (line.trim() === '') continue;
      if (at <= 0) return `Other wordings: “${line}” is not “locale = text”.`;
      words[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
    const body: CreatePromptRequest = {
      name,
      feature: feature.trim(),
      scale,
      comment,
      question: words,
      defaultLocale: defaultLocale.trim(),
      when: {
        ...(event.trim() ? { event: event.trim() } : {}),
        ...(path.trim() ? { path: path.trim() } : {}),
        ...(number(delay) !== undefined ? { delaySeconds: number(delay)! } : {}),
      },
      who: {
        samplePercent: Number(sample),
        ...(experiment.trim() ? { experiment: experiment.trim() } : {}),
        ...(variant.trim() ? { variant: variant.trim() } : {}),
        ...(identifiedOnly ? { identifiedOnly } : {}),
        ...(locales.trim() ? { locales: locales.split(',').map((l) => l.trim()).filter(Boolean) } : {}),
      },
      frequency: { daysBetweenPrompts: Number(between), daysAfterFeedback: Number(afterFeedback) },
    };
    return body;
  }

  function submit(e: Event) {
    e.preventDefault();
    const body = build();
    if (typeof body == 'string') return action.fail(body);
    void action.act(async () => {
      if (prompt) await api.patch<Prompt>(`/v1/prompts/${segment(prompt.id)}`, body);
      else await api.post<Prompt>('/v1/prompts', body);
      onDone(prompt ? `Saved “${name}”.` : `Created “${name}”.`);
      return '';
    });
  }

  function showPreview() {
    const body = build();
    if (typeof body == 'string') return action.fail(body);
    setPreview({ ...body, id: prompt?.id, name: name || 'New prompt' });
  }

  const title = prompt ? `Edit “${prompt.name}”` : 'New prompt';
  return (
    <section class="card prompt-form" aria-labelledby="prompt-form-title">
      <h2 id="prompt-form-title">{title}</h2>
      <form onSubmit={submit}>
        <fieldset>
          <legend>The question</legend>
          <label>
            <span>Name (for the team)</span>
            <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            <span>Feature</span>
            <input required value={feature} placeholder="checkout" onInput={(e) => setFeature(e.currentTarget.value)} />
          </label>
          <label>
            <span>Scale</span>
            <select value={scale} onChange={(e) => setScale(e.currentTarget.value as PromptScale)}>
              {PROMPT_SCALES.map((s) => (
                <option key={s} value={s}>
                  {SCALE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={comment} onChange={(e) => setComment(e.currentTarget.checked)} />
            <span>Offer a comment box</span>
          </label>
          <label>
            <span>Default locale</span>
            <input required value={defaultLocale} onInput={(e) => setDefaultLocale(e.currentTarget.value)} />
          </label>
          <label>
            <span>Question</span>
            <input required maxLength={200} value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
          </label>
          <label>
            <span>Other wordings (one per line: locale = text)</span>
            <textarea rows={3} value={wordings} placeholder="de = Wie war der Bezahlvorgang?" onInput={(e) => setWordings(e.currentTarget.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>When (at least one)</legend>
          <label>
            <span>After the event</span>
            <input value={event} placeholder="checkout_completed" onInput={(e) => setEvent(e.currentTarget.value)} />
          </label>
          <label>
            <span>On pages matching</span>
            <input value={path} placeholder="/orders/:id" onInput={(e) => setPath(e.currentTarget.value)} />
          </label>
          <label>
            <span>After seconds on the page</span>
            <input type="number" min={0} max={3600} value={delay} onInput={(e) => setDelay(e.currentTarget.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Who</legend>
          <label>
            <span>Sample (% of users)</span>
            <input type="number" required min={0.01} max={100} step={0.01} value={sample} onInput={(e) => setSample(e.currentTarget.value)} />
          </label>
          <label>
            <span>Only in experiment</span>
            <input value={experiment} onInput={(e) => setExperiment(e.currentTarget.value)} />
          </label>
          <label>
            <span>Only in variant</span>
            <input value={variant} onInput={(e) => setVariant(e.currentTarget.value)} />
          </label>
          <label class="check">
            <input type="checkbox" checked={identifiedOnly} onChange={(e) => setIdentifiedOnly(e.currentTarget.checked)} />
            <span>Only identified users</span>
          </label>
          <label>
            <span>Only locales (comma-separated)</span>
            <input value={locales} placeholder="en, de" onInput={(e) => setLocales(e.currentTarget.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>How often (once per user always; a dismissal counts as an answer)</legend>
          <label>
            <span>Days between any two prompts</span>
            <input type="number" required min={0} max={365} value={between} onInput={(e) => setBetween(e.currentTarget.value)} />
          </label>
          <label>
            <span>Days after the user's last feedback</span>
            <input type="number" required min={0} max={365} value={afterFeedback} onInput={(e) => setAfterFeedback(e.currentTarget.value)} />
          </label>
        </fieldset>
        <div class="form-actions">
          <button type="submit" disabled={action.busy}>
            {prompt ? 'Save prompt' : 'Create prompt'}
          </button>{' '}
          <button type="button" class="secondary" onClick={showPreview}>
            Preview
          </button>{' '}
          <button type="button" class="secondary" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </form>
      <Outcome message={action.message} error={action.error || undefined} />
      {preview && <PromptPreview prompt={preview} onClose={() => setPreview(undefined)} />}
    </section>
  );
}

function PromptResults({ api, prompt, theme }: { api: PageProps['api']; prompt: Prompt; theme: string }) {
  const results = useLoad((signal) => api.get<PromptResultsResponse>(`/v1/prompts/${segment(prompt.id)}/results`, undefined, signal), [api, prompt.id]);
  const r = results.data;
  const rate = (fraction: number | null | undefined) => (fraction == null ? '–' : formatPercent(fraction));
  return (
    <section class="card prompt-results" aria-labelledby="prompt-results-title">
      <h2 id="prompt-results-title">Results of “{prompt.name}”</h2>
      {results.error && (
        <p class="error" role="alert">
          {results.error.message}
        </p>
      )}
      {!r && results.loading && <p class="muted">Loading…</p>}
      {r && (
        <>
          <div class="stats">
            <Stat label="Shown to" value={`${formatCount(r.overall.displayedUsers)} users`} detail={`${formatCount(r.overall.displays)} displays`} />
            <Stat label="Answered" value={formatCount(r.overall.respondents)} detail={`${formatCount(r.overall.responses)} answers`} />
            <Stat label="Dismissed" value={formatCount(r.overall.dismissedUsers)} />
            <Stat
              label="Response rate"
              value={rate(r.overall.responseRate.rate)}
              detail={r.overall.responseRate.ci ? `95 % interval ${rate(r.overall.responseRate.ci.lower)} to ${rate(r.overall.responseRate.ci.upper)}` : undefined}
            />
          </div>
          {r.days.length > 0 && (
            <TimeChart
              title="Users shown the prompt and response rate per day of first display"
              days={r.days.map((d) => d.day)}
              volume={r.days.map((d) => d.displayedUsers)}
              rating={r.days.map((d) => (d.responseRate.rate == null ? null : d.responseRate.rate * 100))}
              ratingLabel="Response rate (%)"
              ratingRange={[0, 100]}
              markers={[]}
              theme={theme}
            />
          )}
          <h3>Answers per rating</h3>
          <Table
            class="prompt-distribution"
            caption={`Answers per ${SCALE_LABELS[r.prompt.scale].toLowerCase()} rating`}
            hideCaption
            head={Object.keys(r.overall.distribution).map((value) => (
              <th key={value} scope="col" class="num">
                {value}
              </th>
            ))}
          >
            <tr>
              {Object.entries(r.overall.distribution).map(([value, n]) => (
                <td key={value} class="num">
                  {formatCount(n)}
                </td>
              ))}
            </tr>
          </Table>
          {r.experiments.map((e) => (
            <div key={e.experiment} class="prompt-experiment">
              <h3>Experiment {e.experiment}</h3>
              <Table
                class="prompt-variants"
                caption={`Response rate per variant of ${e.experiment}`}
                hideCaption
                head={
                  <>
                    <th scope="col">Variant</th>
                    <th scope="col" class="num">Shown to</th>
                    <th scope="col" class="num">Answered</th>
                    <th scope="col" class="num">Response rate (95 % CI)</th>
                  </>
                }
              >
                {e.variants.map((v) => (
                  <tr key={v.variant}>
                    <th scope="row">
                      {v.variant}
                      {v.variant === e.control ? ' (control)' : ''}
                    </th>
                    <td class="num">{formatCount(v.displayedUsers)}</td>
                    <td class="num">{formatCount(v.respondents)}</td>
                    <td class="num">
                      {rate(v.responseRate.rate)}
                      {v.responseRate.ci ? ` (${rate(v.responseRate.ci.lower)} to ${rate(v.responseRate.ci.upper)})` : ''}
                    </td>
                  </tr>
                ))}
              </Table>
              {e.comparisons.map((c) => (
                <div key={c.variant}>
                  <MetricTable
                    comparisons={c.metrics}
                    controlName={e.control}
                    treatmentName={c.variant}
                    caption={`${c.variant} against ${e.control} (feedback rate: the response rate)`}
                  />
                </div>
              ))}
            </div>
          ))}
          {r.responsesWithoutDisplay > 0 && <p class="muted">{formatCount(r.responsesWithoutDisplay)} answers came from users with no recorded display.</p>}
        </>
      )}
    </section>
  );
}
