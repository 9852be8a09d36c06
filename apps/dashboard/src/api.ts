/**
 * The query API, as the dashboard calls it: `fetch` with `Authorization: Bearer sk_…` on every
 * call (never a key in a URL). Errors carry the service's `{code, message}`.
 */
export type Query = Record<string, string | number | boolean | undefined | null>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment for names with `/` or `:` (features may contain both). */
export const segment = (name: string) => encodeURIComponent(name);

export interface ApiOptions {
  /** The service's base URL; empty: this page's origin (the service serves the dashboard). */
  base?: string;
  /** Called once the key is refused (revoked, rotated): the app signs out. */
  onUnauthorized?(): void;
}

export class Api {
  constructor(
    private readonly key: string,
    private readonly options: ApiOptions = {},
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.key}`, ...extra };
  }

  /** A raw response (the live stream reads its body); 401 signs out. */
  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(`${this.options.base ?? ''}${path}`, {
      ...init,
      headers: this.headers(init.headers),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status === 401) this.options.onUnauthorized?.();
    return response;
  }

  async request<T>(method: string, path: string, query?: Query, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.fetch(`${path}${queryString(query)}`, {
      method,
      signal: signal ?? null,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, query, undefined, signal);
  }
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, undefined, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, undefined, body);
  }
  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    /* not JSON */
  }
  return new ApiError(response.status, code, message);
}

/** Runs `tasks` with at most `limit` at a time (many small requests without flooding the service). */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
