import { useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile (live refreshes). */
  reload(): void;
}

/** Data for a page: loads when `deps` change, aborts what is out of date, never flashes empty on reload. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const current = useRef<AbortController>();
  const lastDeps = useRef<unknown[]>();

  useEffect(() => {
    const depsChanged = !lastDeps.current || deps.some((d, i) => d !== lastDeps.current![i]);
    lastDeps.current = deps;
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState((s) => (depsChanged ? { loading: true } : { ...s, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !controller.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => controller.abort();
  }, [...deps, tick]);

  return { ...state, reload: () => setTick((t) => t + 1) } as Loaded<T>;
}

/** Calls `fn` at most once per `ms`, the last call winning. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      latest.current();
    } else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = undefined;
        last.current = Date.now();
        latest.current();
      }, wait);
    }
  };
}
