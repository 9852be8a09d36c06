import type { ExperimentsResponse } from '@feedloop/protocol';
import type { PageProps } from '../page-props.js';
import { FreshnessNotice } from '../components/freshness-notice.js';
import { PageHead } from '../components/page-head.js';
import { Table } from '../components/table.js';
import { formatCount } from '../format.js';
import { useLoad } from '../load.js';
import { describeRange } from '../range.js';
import { href } from '../router.js';

/** Every experiment with exposures or feedback in the range, its variants at a glance. */
export function ExperimentsPage({ api, range }: PageProps) {
  const experiments = useLoad((signal) => api.aggregate<ExperimentsResponse>('/v1/experiments', { ...range }, signal), [api, range.from, range.to]);
  const list = experiments.data?.experiments ?? [];
  return (
    <>
      <PageHead title="Experiments">{describeRange(range)} (UTC)</PageHead>
      <FreshnessNotice answers={[experiments.data]} />
      <section class="card" aria-labelledby="experiments-title">
        <h2 id="experiments-title">All experiments</h2>
        {experiments.error && <p class="error" role="alert">{experiments.error.message}</p>}
        {!experiments.data && experiments.loading && <p class="muted">Loading…</p>}
        {experiments.data && list.length === 0 && <p class="empty">No experiment exposures or feedback in this range.</p>}
        {list.length > 0 && (
          <Table
            head={
              <>
                <th scope="col">Experiment</th>
                <th scope="col">Variants (exposed users, feedback)</th>
                <th scope="col">Days</th>
              </>
            }
          >
            {list.map((e) => (
              <tr key={e.experiment}>
                <th scope="row">
                  <a href={href({ page: 'experiment', experiment: e.experiment })}>{e.experiment}</a>
                </th>
                <td>
                  {e.variants.map((v) => (
                    <span key={v.variant} class="chip">
                      {v.variant}: {formatCount(v.exposedUsers)} users, {formatCount(v.feedback)} feedback
                    </span>
                  ))}
                </td>
                <td>
                  {e.firstDay} – {e.lastDay}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}
