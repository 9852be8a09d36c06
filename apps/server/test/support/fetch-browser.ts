/**
 * What a browser does across sites, with fetch: one cookie jar per origin, redirects followed
 * by hand so a test sees (and can stop at) each hop.
 */
export class FetchBrowser {
  readonly cookies = new Map<string, Map<string, string>>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  async request(url: string, init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.jar(url);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...init.headers,
        ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
      },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) this.store(jar, line);
    return response;
  }

  /** Follows redirects from `url` until `stop(url)` says so (that URL is not requested) or a page answers. */
  async follow(url: string, stop: (url: string) => boolean = () => false): Promise<{ url: string; response?: Response }> {
    let current = url;
    for (let hop = 0; hop < 20; hop++) {
      if (stop(current)) return { url: current };
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).href;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar(url).get(name);
  }

  private jar(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    let jar = this.cookies.get(origin);
    if (!jar) this.cookies.set(origin, (jar = new Map()));
    return jar;
  }

  private store(jar: Map<string, string>, line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
