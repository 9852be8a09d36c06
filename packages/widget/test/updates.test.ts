import { describe, expect, test } from 'vitest';
import type { SubmitterUpdate } from '@feedloop/sdk';
import { loadLocale } from '../src/core/locales.js';
import { checkUpdates, type UpdatesCheck } from '../src/core/updates.js';
import { LOCALES } from '../src/i18n/locale.js';
import { noticeEn } from '../src/i18n/notice-en.js';
import type { NoticeContext } from '../src/types.js';

const update: SubmitterUpdate = {
  id: '0f8e3c4a-1b2c-4d5e-8f90-123456789abc',
  feature: 'checkout',
  status: 'planned',
  publicReply: 'Coming in May',
  excerpt: 'Quick!',
  submittedAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T11:00:00.000Z',
};

/** A check whose client, notice and events are recorded; steps in the order they happened. */
function setup({ submitted = true, updates = [update] as SubmitterUpdate[] | Error, seen = 1 as number | Error } = {}) {
  const steps: string[] = [];
  const shown: NoticeContext[] = [];
  const events: [string, unknown][] = [];
  const check: UpdatesCheck = {
    client: {
      hasSubmitted: () => submitted,
      async updates() {
        steps.push('updates');
        if (updates instanceof Error) throw updates;
        return updates;
      },
      async markSeen(ids) {
        steps.push(`seen ${ids.join(',')}`);
        if (seen instanceof Error) throw seen;
        return seen;
      },
    },
    async load() {
      steps.push('load');
      return [{ showNotice: (context) => (steps.push('show'), shown.push(context), {} as HTMLElement) }, { statusPlanned: 'Geplant' }];
    },
    root: {} as ShadowRoot,
    options: { mode: 'dark' },
    code: 'de',
    emit: (name, payload) => (steps.push(name), events.push([name, payload])),
  };
  return { check, steps, shown, events };
}

describe('checkUpdates', () => {
  test('a browser that never gave feedback makes no request', async () => {
    const { check, steps } = setup({ submitted: false });
    await checkUpdates(check);
    expect(steps).toEqual([]);
  });

  test('nothing new: no notice is loaded, nothing is marked', async () => {
    const { check, steps } = setup({ updates: [] });
    await checkUpdates(check);
    expect(steps).toEqual(['updates']);
  });

  test('shows the updates with the locale, then tells the host app and marks them seen', async () => {
    const second = { ...update, id: '1f8e3c4a-1b2c-4d5e-8f90-123456789abc', status: 'done' as const };
    const { check, steps, shown, events } = setup({ updates: [update, second] });
    await checkUpdates(check);
    expect(steps).toEqual(['updates', 'load', 'show', 'update', 'update', `seen ${update.id},${second.id}`]);
    expect(shown[0]).toMatchObject({ updates: [update, second], code: 'de', locale: { statusPlanned: 'Geplant' }, options: { mode: 'dark' } });
    expect(events).toEqual([
      ['update', update],
      ['update', second],
    ]);
  });

  test('a failed request is an error event, and nothing is shown or marked', async () => {
    const { check, steps, events } = setup({ updates: new Error('offline') });
    await checkUpdates(check);
    expect(steps).toEqual(['updates', 'error']);
    expect(events[0]![1]).toMatchObject({ kind: 'network', code: 'updates_unavailable', message: 'Error: offline', events: [] });
  });

  test('a failed mark is an error event after the notice was shown (the next page view shows it again)', async () => {
    const { check, steps } = setup({ seen: new Error('503') });
    await checkUpdates(check);
    expect(steps).toEqual(['updates', 'load', 'show', 'update', `seen ${update.id}`, 'error']);
  });
});

describe('notice strings', () => {
  test.each(LOCALES.filter((code) => code != 'en'))('%s translates every string of the update notice', async (code) => {
    const strings = await loadLocale(code);
    for (const key of Object.keys(noticeEn) as (keyof typeof noticeEn)[]) {
      expect(strings[key], key).toBeTruthy();
      if (key != 'updateLine') expect(strings[key], key).not.toBe(noticeEn[key]); // translated, not English left in
    }
    expect(strings.updateLine).toMatch(/\{status\}.*\{reply\}/);
  });
});
