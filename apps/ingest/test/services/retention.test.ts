import { afterAll, beforeAll, expect, it } from 'vitest';
import { purgeRawEvents } from '../../src/services/retention.js';
import { exposureEvent, feedbackEvent, getFeatures, postEvents, startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('purges raw events received before the cutoff, in batches, and keeps the aggregates', async () => {
  const project = await t.project();
  const events = [...Array.from({ length: 7 }, () => feedbackEvent({ feature: 'kept' })), exposureEvent(), exposureEvent()];
  expect((await postEvents(t.app, project.publicKey, events)).json().accepted).toBe(9);

  const nothing = await purgeRawEvents(t.database.db, new Date(Date.now() - 60_000), 3);
  expect(nothing).toEqual({ feedback: 0, exposures: 0 });

  const purged = await purgeRawEvents(t.database.db, new Date(Date.now() + 60_000), 3);
  expect(purged).toEqual({ feedback: 7, exposures: 2 });
  const left = await t.database.db.selectFrom('feedback').select('id').execute();
  expect(left).toEqual([]);

  const features = (await getFeatures(t.app, project.secretKey)).json().features;
  expect(features).toEqual([expect.objectContaining({ feature: 'kept', count: 7 })]);
});
