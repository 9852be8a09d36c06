/** A request to the service with a readable error for every way it can fail. */
export async function callApi<T>(
  baseUrl: string,
  path: string,
  init: { method?: string; token?: string | undefined; body?: unknown } = {},
): Promise<T> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).message;
    throw new Error(
      `cannot reach Feedloop at ${url.origin} (${reason}). Start it with \`pnpm start\`, or point --url / FEEDLOOP_URL at it.`,
    );
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${url.origin} answered ${response.status} with a body that is not JSON: is it a Feedloop service?`);
  }
  if (!response.ok) {
    const { code, message } = (payload ?? {}) as { code?: string; message?: string };
    throw new Error(`${response.status} ${code ?? 'error'}: ${message ?? response.statusText}`);
  }
  return payload as T;
}
