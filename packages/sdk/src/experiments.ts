import type { EventMaker } from './events.js';
import { EXPOSED_KEY } from './privacy.js';
import type { Queue } from './queue.js';
import type { FeedloopClient } from './types.js';
import { isName } from './validate.js';

/**
 * `exposure` and `setExperiments` on an `attachEvents`: each variant is exposed once per browser
 * session. An exposure the privacy layer did not admit is not marked, so it goes once allowed.
 */
export function addExperiments({ experiments, common, enqueue }: EventMaker, { session }: Pick<Queue, 'session'>): Pick<FeedloopClient, 'exposure' | 'setExperiments'> {
  function exposure(experiment: string, variant: string) {
    if (!isName(experiment) || !isName(variant)) return console.warn('feedloop: invalid experiment', experiment, variant);
    experiments[experiment] = variant;
    const exposed = session.load<string[]>(EXPOSED_KEY, []);
    const id = experiment + '=' + variant;
    if (exposed.includes(id)) return; // once per session
    if (enqueue({ type: 'exposure', ...common(), experiment, variant })) session.save(EXPOSED_KEY, [...exposed, id]);
  }
  return {
    exposure,
    setExperiments(map) {
      for (const name in experiments) delete experiments[name];
      for (const name in map) exposure(name, map[name]!);
    },
  };
}

