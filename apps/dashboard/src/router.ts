/**
 * Pages live in the URL's hash (`#/features/checkout`): the service serves one page at
 * /dashboard/, links can be shared, and nothing secret is ever part of a URL.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'feature'; feature: string }
  | { page: 'feedback' }
  | { page: 'experiments' }
  | { page: 'experiment'; experiment: string }
  | { page: 'report' }
  | { page: 'webhooks' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map(decode);
  if (parts[0] === 'features' && parts[1]) return { page: 'feature', feature: parts[1] };
  if (parts[0] === 'experiments' && parts[1]) return { page: 'experiment', experiment: parts[1] };
  if (parts[0] === 'experiments') return { page: 'experiments' };
  if (parts[0] === 'feedback') return { page: 'feedback' };
  if (parts[0] === 'report') return { page: 'report' };
  if (parts[0] === 'webhooks') return { page: 'webhooks' };
  return { page: 'overview' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'feature':
      return `#/features/${encodeURIComponent(route.feature)}`;
    case 'experiment':
      return `#/experiments/${encodeURIComponent(route.experiment)}`;
    case 'experiments':
      return '#/experiments';
    case 'feedback':
      return '#/feedback';
    case 'report':
      return '#/report';
    case 'webhooks':
      return '#/webhooks';
    default:
      return '#/';
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
