/** The load: autocannon in this process, the same for every scenario (the bare route and the service). */
import autocannon from 'autocannon';
import { CpuMeter, type CpuCost } from '../cpu.js';
import { ORIGIN, feedbackEvent } from './events.js';

export interface LoadOptions {
  seconds: number;
  connections: number;
  eventsPerRequest: number;
}

export interface LoadResult {
  name: string;
  eventsPerRequest: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests answered 2xx: every one of their events is stored. */
  ok: number;
  errors: number;
  /** CPU µs per event, by process. */
  cpu: CpuCost;
}

/** POST /v1/events at `base` for `seconds`, fresh ids in every request, as a browser sends them. */
export async function load(name: string, base: string, key: string, meter: CpuMeter, options: LoadOptions): Promise<LoadResult> {
  const { seconds, connections, eventsPerRequest } = options;
  const before = await meter.sample();
  const result = await autocannon({
    url: `${base}/v1/events`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          // The service checks the origin against the project's (CORS).
          headers: { 'content-type': 'application/json', 'x-feedloop-key': key, origin: ORIGIN },
          body: JSON.stringify({ events: Array.from({ length: eventsPerRequest }, () => feedbackEvent()) }),
        }),
      },
    ],
  });
  const after = await meter.sample();
  const ok = result['2xx'];
  const duration = result.duration || seconds;
  return {
    name,
    eventsPerRequest,
    requestsPerSecond: ok / duration,
    eventsPerSecond: (ok * eventsPerRequest) / duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: result.non2xx + result.errors + result.timeouts,
    cpu: CpuMeter.cost(before, after, ok * eventsPerRequest, duration),
  };
}
