/** Where a request goes, and with which credential (named by where it came from, for error messages). */
export interface Target {
  url: string;
  token?: string | undefined;
  /** Where the token came from ("FEEDLOOP_TOKEN", "--key", the stored login…), never the token itself. */
  source?: string | undefined;
}

/** A request to the service with a readable error for every way it can fail. */
export async function callApi<T>(target: Target, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const url = apiUrl(target.url, path);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...authorization(target),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch (error) {
    throw unreachable(url, error);
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${url.origin} answered ${response.status} with a body that is not JSON: is it a Feedloop service?`);
  }
  if (!response.ok) throw apiError(response, payload, target);
  return payload as T;
}

export function apiUrl(baseUrl: string, path: string): URL {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

export function authorization(target: Target): Record<string, string> {
  return target.token ? { authorization: `Bearer ${target.token}` } : {};
}

export function unreachable(url: URL, error: unknown): Error {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).message;
  return new Error(`cannot reach Feedloop at ${url.origin} (${reason}). Start it with \`pnpm start\`, or point --url / FEEDLOOP_URL at it.`);
}

/** "401 unknown_key: unknown, revoked or expired token (the token from FEEDLOOP_TOKEN)". */
export function apiError(response: Response, payload: unknown, target: Target): Error {
  const { code, message } = (payload ?? {}) as { code?: string; message?: string };
  const refused = (response.status === 401 || response.status === 403) && target.source ? ` (the token from ${target.source})` : '';
  return new Error(`${response.status} ${code ?? 'error'}: ${message ?? response.statusText}${refused}`);
}
