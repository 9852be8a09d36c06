import { PROJECT_HEADER } from '@feedloop/protocol/http';

/**
 * The API, as the dashboard calls it: `fetch` from the service's own origin, authenticated by the
 * session cookie (HttpOnly: this script never sees it), naming the chosen project in the
 * x-feedloop-project header. Errors carry the service's `{code, message}` (and Retry-After).
 */
export type Query = Record<string, string | number | boolean | undefined | null>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again (Retry-After), when the service said. */
    readonly retryAfter?: number,
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

/** An aggregate answer (it says as of when it counts every event) and when the page asked for it. */
export type Aggregate<T extends { asOf: string }> = T & { askedAt: number };

export interface ApiOptions {
  /** The service's base URL; empty: this page's origin (the service serves the dashboard). */
  base?: string;
  /** The project the calls are about (project-scoped routes without a :projectId in the path). */
  project?: string;
  /** Called when the session is refused (ended, expired, signed out elsewhere): the app shows sign-in. */
  onUnauthorized?(): void;
}

export class Api {
  constructor(private readonly options: ApiOptions = {}) {}

  /** The project the calls name, if any. */
  get project(): string | undefined {
    return this.options.project;
  }

  /** A path below the chosen project: `inProject('/members')` → `/v1/projects/<id>/members`. */
  inProject(path: string): string {
    if (!this.options.project) throw new Error('no project chosen');
    return `/v1/projects/${segment(this.options.project)}${path}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.options.project ? { [PROJECT_HEADER]: this.options.project, ...extra } : extra;
  }

  /** A raw response (the live stream reads its body); 401 signs out. */
  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(`${this.options.base ?? ''}${path}`, {
      ...init,
      headers: this.headers(init.headers),
      credentials: 'same-origin',
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
  /** A GET of an aggregate endpoint, noting when it was asked (pages say when the numbers lag). */
  async aggregate<T extends { asOf: string }>(path: string, query?: Query, signal?: AbortSignal): Promise<Aggregate<T>> {
    const askedAt = Date.now();
    return { ...(await this.get<T>(path, query, signal)), askedAt };
  }
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, undefined, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, undefined, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, undefined, body);
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
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return new ApiError(response.status, code, message, Number.isFinite(retryAfter) ? retryAfter : undefined);
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
