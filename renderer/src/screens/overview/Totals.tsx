/** Node and Pod counts of the cluster. */
import { useTranslation } from 'react-i18next';
import type { OverviewSummary } from '../../../../shared/models/overview';
import { useFormatters } from '../../components/format';

export function Totals({ summary }: { summary: OverviewSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const groups = [
    {
      id: 'nodes',
      values: [
        ['total', summary.nodes.total],
        ['ready', summary.nodes.ready],
        ['notReady', summary.nodes.notReady],
        ['cordoned', summary.nodes.cordoned],
      ],
    },
    {
      id: 'pods',
      values: [
        ['total', summary.pods.total],
        ['running', summary.pods.running],
        ['pending', summary.pods.pending],
        ['gpuPods', summary.pods.gpuPods],
      ],
    },
  ] as const;

  return (
    <div className="cards">
      {groups.map((group) => (
        <article key={group.id} className="card" aria-labelledby={`totals-${group.id}`} data-testid={`totals-${group.id}`}>
          <h2 id={`totals-${group.id}`} className="card-title">
            {t(`overview.totals.${group.id}`)}
          </h2>
          <dl className="numbers">
            {group.values.map(([key, value]) => (
              <div key={key} className={`number number-${key}`}>
                <dt>{t(`overview.totals.${group.id}_${key}`)}</dt>
                <dd data-testid={`${group.id}-${key}`} className={value > 0 ? 'nonzero' : undefined}>{format.number(value)}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </div>
  );
}
