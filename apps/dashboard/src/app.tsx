import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from './api.js';
import { startLive, type LiveStatus } from './live.js';
import type { LiveFeed, PageProps } from './page-props.js';
import { loadRangeChoice, resolveRange, saveRangeChoice, type RangeChoice } from './range.js';
import { href, parseRoute, type Route } from './router.js';
import { forgetKey, storedKey, storeKey } from './session.js';
import { applyTheme, effectiveTheme, loadTheme, type ThemeChoice } from './theme.js';
import { RangePicker } from './components/range-picker.js';
import { SignIn } from './pages/sign-in.js';
import { Overview } from './pages/overview.js';
import { FeaturePage } from './pages/feature.js';
import { ExperimentsPage } from './pages/experiments.js';
import { ExperimentPage } from './pages/experiment.js';
import { InboxPage } from './pages/inbox.js';
import { ReportPage } from './pages/report.js';
import { WebhooksPage } from './pages/webhooks.js';
import type { TriagedItem } from './triage.js';

/** The main navigation: the pages reached from the top bar (the others are reached from these). */
const NAV = [
  ['overview', 'Features'],
  ['feedback', 'Feedback'],
  ['experiments', 'Experiments'],
  ['report', 'Report'],
  ['webhooks', 'Webhooks'],
] as const satisfies readonly (readonly [Route['page'], string])[];

/** Live items the shell keeps for the pages; older ones are in the lists the pages load. */
const LIVE_KEEP = 200;
const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Live (every 5 s)',
  offline: 'Offline, retrying',
};

export function App() {
  const [key, setKey] = useState(storedKey());
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [rangeChoice, setRangeChoice] = useState<RangeChoice>(loadRangeChoice());
  const [themeChoice, setThemeChoice] = useState<ThemeChoice>(loadTheme());
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');
  const [live, setLive] = useState<LiveFeed>({ items: [], tick: 0, updated: new Map() });
  const [announcement, setAnnouncement] = useState('');
  const main = useRef<HTMLElement>(null);

  const signOut = () => {
    forgetKey();
    setKey(undefined);
  };
  const api = useMemo(() => (key ? new Api(key, { onUnauthorized: signOut }) : undefined), [key]);
  const range = useMemo(() => resolveRange(rangeChoice), [rangeChoice]);
  const theme = effectiveTheme(themeChoice);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  // A new page: move focus to its heading, so keyboard and screen reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  useEffect(() => {
    applyTheme(themeChoice);
    if (themeChoice !== 'system') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const follow = () => applyTheme('system');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [themeChoice]);

  useEffect(() => {
    if (!api) return;
    setLive({ items: [], tick: 0, updated: new Map() });
    return startLive({
      api,
      onStatus: setLiveStatus,
      onResync: () => setLive((current) => ({ ...current, tick: current.tick + 1 })),
      onItems: (items, updated) =>
        setLive((current) => {
          if (updated) {
            const changed = new Map(current.updated);
            for (const item of items) changed.set(item.id, item);
            return { ...current, updated: changed };
          }
          const fresh = items.slice().reverse() as TriagedItem[];
          setAnnouncement(`${items.length} new feedback ${items.length === 1 ? 'item' : 'items'}`);
          return { ...current, items: [...fresh, ...current.items].slice(0, LIVE_KEEP), tick: current.tick + 1 };
        }),
    });
  }, [api]);

  if (!api) {
    return (
      <SignIn
        onSignIn={(secretKey) => {
          storeKey(secretKey);
          setKey(secretKey);
        }}
      />
    );
  }

  const chooseRange = (choice: RangeChoice) => {
    saveRangeChoice(choice);
    setRangeChoice(choice);
  };
  const pageProps: PageProps = { api, range, theme, live, chooseRange };
  const current = route.page === 'experiment' ? 'experiments' : route.page === 'feature' ? 'overview' : route.page;
  const skip = (event: Event) => {
    event.preventDefault();
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  };

  return (
    <div class="shell">
      <header class="topbar">
        <a class="skip-link" href="#/" onClick={skip}>
          Skip to content
        </a>
        <a class="brand" href="#/">
          Feedloop
        </a>
        <nav aria-label="Main">
          {NAV.map(([page, label]) => (
            <a key={page} href={href({ page })} aria-current={current === page ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <RangePicker choice={rangeChoice} range={range} onChange={chooseRange} />
        <span class={`live-status ${liveStatus}`} role="status" data-status={liveStatus}>
          <span class="dot" aria-hidden="true" />
          {STATUS_TEXT[liveStatus]}
        </span>
        <label class="theme-choice">
          <span>Theme</span>
          <select
            value={themeChoice}
            onChange={(e) => {
              // Applied before the re-render: charts read the theme's colours when they redraw.
              const choice = e.currentTarget.value as ThemeChoice;
              applyTheme(choice);
              setThemeChoice(choice);
            }}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
        <p class="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </header>
      <main id="main" ref={main}>
        {route.page === 'overview' && <Overview {...pageProps} />}
        {route.page === 'feature' && <FeaturePage key={route.feature} {...pageProps} feature={route.feature} />}
        {route.page === 'feedback' && <InboxPage {...pageProps} />}
        {route.page === 'experiments' && <ExperimentsPage {...pageProps} />}
        {route.page === 'experiment' && <ExperimentPage key={route.experiment} {...pageProps} experiment={route.experiment} />}
        {route.page === 'report' && <ReportPage {...pageProps} />}
        {route.page === 'webhooks' && <WebhooksPage {...pageProps} />}
      </main>
    </div>
  );
}
