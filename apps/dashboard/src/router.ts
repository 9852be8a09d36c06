/**
 * Pages live in the URL's hash (`#/features/checkout`): the service serves one page at
 * /dashboard/, links can be shared, and the hash never reaches a server or its logs (the one
 * secret ever in it, a one-time link's token, is used once and then worthless).
 */
export type Route =
  | { page: 'overview' }
  | { page: 'feature'; feature: string }
  | { page: 'feedback' }
  | { page: 'experiments' }
  | { page: 'experiment'; experiment: string }
  | { page: 'report' }
  | { page: 'webhooks' }
  | { page: 'mail' }
  | { page: 'prompts' }
  | { page: 'alerts' }
  | { page: 'members' }
  | { page: 'tokens' }
  | { page: 'audit' }
  | { page: 'privacy' }
  | { page: 'account' }
  /** The sign-in page, reached with a reason (`#/sign-in?error=sso_failed`) after single sign-on. */
  | { page: 'sign-in'; error?: string }
  /** A one-time link: set-up, invitation or password reset (`#/link/<token>`). */
  | { page: 'link'; token: string };

/** Pages reached by name alone. */
const PLAIN = ['feedback', 'experiments', 'report', 'prompts', 'alerts', 'webhooks', 'mail', 'members', 'tokens', 'audit', 'privacy', 'account'] as const;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decode);
  if (parts[0] === 'features' && parts[1]) return { page: 'feature', feature: parts[1] };
  if (parts[0] === 'experiments' && parts[1]) return { page: 'experiment', experiment: parts[1] };
  if (parts[0] === 'link' && parts[1]) return { page: 'link', token: parts[1] };
  if (parts[0] === 'sign-in') {
    const error = new URLSearchParams(query).get('error');
    return error ? { page: 'sign-in', error } : { page: 'sign-in' };
  }
  const plain = PLAIN.find((page) => page === parts[0]);
  return plain ? { page: plain } : { page: 'overview' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'feature':
      return `#/features/${encodeURIComponent(route.feature)}`;
    case 'experiment':
      return `#/experiments/${encodeURIComponent(route.experiment)}`;
    case 'link':
      return `#/link/${encodeURIComponent(route.token)}`;
    case 'sign-in':
      return route.error ? `#/sign-in?error=${encodeURIComponent(route.error)}` : '#/sign-in';
    case 'overview':
      return '#/';
    default:
      return `#/${route.page}`;
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
