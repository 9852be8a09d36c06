import type { MeResponse } from '@feedloop/protocol';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api.js';
import { startLive, type LiveStatus } from './live.js';
import type { LiveFeed, PageProps } from './page-props.js';
import { loadRangeChoice, resolveRange, saveRangeChoice, type RangeChoice } from './range.js';
import { abilitiesOf } from './roles.js';
import { href, type Route } from './router.js';
import { chooseProject, rememberProject } from './session.js';
import { applyTheme, effectiveTheme, loadTheme, type ThemeChoice } from './theme.js';
import { ProjectSwitcher } from './components/project-switcher.js';
import { RangePicker } from './components/range-picker.js';
import { Overview } from './pages/overview.js';
import { FeaturePage } from './pages/feature.js';
import { ExperimentsPage } from './pages/experiments.js';
import { ExperimentPage } from './pages/experiment.js';
import { InboxPage } from './pages/inbox.js';
import { ReportPage } from './pages/report.js';
import { WebhooksPage } from './pages/webhooks.js';
import { MailPage } from './pages/mail.js';
import { PromptsPage } from './pages/prompts.js';
import { AlertsPage } from './pages/alerts.js';
import { MembersPage } from './pages/members.js';
import { TokensPage } from './pages/tokens.js';
import { AuditPage } from './pages/audit.js';
import { PrivacyPage } from './pages/privacy.js';
import { AccountPage } from './pages/account.js';
import { NoProject } from './pages/no-project.js';
import type { TriagedItem } from './triage.js';

/** The main navigation: the pages reached from the top bar (the others are reached from these); `admin`: admins only. */
const NAV: readonly { page: Route['page']; label: string; admin?: boolean }[] = [
  { page: 'overview', label: 'Features' },
  { page: 'feedback', label: 'Feedback' },
  { page: 'experiments', label: 'Experiments' },
  { page: 'report', label: 'Report' },
  { page: 'prompts', label: 'Prompts', admin: true },
  { page: 'alerts', label: 'Alerts' },
  { page: 'webhooks', label: 'Webhooks', admin: true },
  { page: 'mail', label: 'Mail', admin: true },
  { page: 'members', label: 'Members', admin: true },
  { page: 'tokens', label: 'Tokens', admin: true },
  { page: 'audit', label: 'Audit trail', admin: true },
  { page: 'privacy', label: 'Privacy', admin: true },
];
const ADMIN_PAGES = new Set(NAV.filter((n) => n.admin).map((n) => n.page));

/** Live items the shell keeps for the pages; older ones are in the lists the pages load. */
const LIVE_KEEP = 200;
const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Live (every 5 s)',
  offline: 'Offline, retrying',
};

/**
 * The signed-in dashboard: top bar (navigation for the person's role, project switcher, range,
 * live status, theme, the person and Sign out) and the page of the route.
 */
export function Shell({
  me,
  route,
  onMeChanged,
  onSignedOut,
}: {
  me: MeResponse;
  route: Route;
  onMeChanged(me: MeResponse): void;
  /** The session ended: signed out here, or refused by the service. */
  onSignedOut(): void;
}) {
  const [projectId, setProjectId] = useState(() => chooseProject(me.memberships)?.projectId);
  const project = me.memberships.find((m) => m.projectId === projectId) ?? chooseProject(me.memberships);
  const [rangeChoice, setRangeChoice] = useState<RangeChoice>(loadRangeChoice());
  const [themeChoice, setThemeChoice] = useState<ThemeChoice>(loadTheme());
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');
  const [live, setLive] = useState<LiveFeed>({ items: [], tick: 0, updated: new Map() });
  const [announcement, setAnnouncement] = useState('');
  const [signOutError, setSignOutError] = useState('');
  const main = useRef<HTMLElement>(null);

  const api = useMemo(() => new Api({ project: project?.projectId, onUnauthorized: onSignedOut }), [project?.projectId]);
  const range = useMemo(() => resolveRange(rangeChoice), [rangeChoice]);
  const theme = effectiveTheme(themeChoice);

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
    if (!api.project) return;
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

  const chooseRange = (choice: RangeChoice) => {
    saveRangeChoice(choice);
    setRangeChoice(choice);
  };
  const switchProject = (id: string) => {
    rememberProject(id);
    setProjectId(id);
  };
  const signOut = async () => {
    setSignOutError('');
    try {
      await api.delete('/v1/session');
    } catch (error) {
      // A session the service no longer knows is as good as ended (the 401 signed out already).
      if (!(error instanceof ApiError && error.status === 401)) return setSignOutError(`Could not sign out: ${(error as Error).message}`);
    }
    onSignedOut();
  };
  const skip = (event: Event) => {
    event.preventDefault();
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  };

  const abilities = abilitiesOf(project?.role ?? 'viewer');
  const nav = NAV.filter((n) => !n.admin || abilities.administer);
  const current = route.page === 'experiment' ? 'experiments' : route.page === 'feature' ? 'overview' : route.page;
  const account = <AccountPage api={api} me={me} onMeChanged={onMeChanged} />;

  return (
    <div class="shell">
      <header class="topbar">
        <div class="topbar-row">
          <a class="skip-link" href="#/" onClick={skip}>
            Skip to content
          </a>
          <a class="brand" href="#/">
            Feedloop
          </a>
          {project && <ProjectSwitcher memberships={me.memberships} current={project.projectId} onChange={switchProject} />}
          <div class="topbar-end">
            {project && (
              <span class={`live-status ${liveStatus}`} role="status" data-status={liveStatus}>
                <span class="dot" aria-hidden="true" />
                {STATUS_TEXT[liveStatus]}
              </span>
            )}
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
            <a class="account-link" href="#/account" aria-current={route.page === 'account' ? 'page' : undefined}>
              <span class="visually-hidden">Your account: </span>
              {me.user.displayName}
            </a>
            <button type="button" class="secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
        {signOutError && (
          <p class="error" role="alert">
            {signOutError}
          </p>
        )}
        {project && (
          <div class="topbar-row">
            <nav aria-label="Main">
              {nav.map(({ page, label }) => (
                <a key={page} href={href({ page } as Route)} aria-current={current === page ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
            <RangePicker choice={rangeChoice} range={range} onChange={chooseRange} />
          </div>
        )}
        <p class="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </header>
      <main id="main" ref={main} key={project?.projectId}>
        {!project ? (
          route.page === 'account' ? account : <NoProject user={me.user} />
        ) : route.page === 'account' ? (
          account
        ) : ADMIN_PAGES.has(route.page) && !abilities.administer ? (
          <AdminsOnly />
        ) : (
          <ProjectPage route={route} props={{ api, user: me.user, project, abilities, range, theme, live, chooseRange }} />
        )}
      </main>
    </div>
  );
}

/** The page of a route within the project. */
function ProjectPage({ route, props }: { route: Route; props: PageProps }) {
  switch (route.page) {
    case 'feature':
      return <FeaturePage key={route.feature} {...props} feature={route.feature} />;
    case 'feedback':
      return <InboxPage {...props} />;
    case 'experiments':
      return <ExperimentsPage {...props} />;
    case 'experiment':
      return <ExperimentPage key={route.experiment} {...props} experiment={route.experiment} />;
    case 'report':
      return <ReportPage {...props} />;
    case 'webhooks':
      return <WebhooksPage {...props} />;
    case 'mail':
      return <MailPage {...props} />;
    case 'prompts':
      return <PromptsPage {...props} />;
    case 'alerts':
      return <AlertsPage {...props} />;
    case 'members':
      return <MembersPage {...props} />;
    case 'tokens':
      return <TokensPage {...props} />;
    case 'audit':
      return <AuditPage {...props} />;
    case 'privacy':
      return <PrivacyPage {...props} />;
    default:
      return <Overview {...props} />;
  }
}

/** An admin page opened by someone whose role does not include it (a shared link, say). */
function AdminsOnly() {
  return (
    <div class="page-head">
      <h1 tabIndex={-1}>For admins of the project</h1>
      <p class="muted">Your role in this project does not include this page. An admin or owner can change your role.</p>
    </div>
  );
}
