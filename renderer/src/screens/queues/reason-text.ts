/** Words a pending reason in the UI language from its code and values. */
import type { TFunction } from 'i18next';
import type { PendingReason } from '../../../../shared/models/queues';

export function reasonText(t: TFunction, reason: PendingReason): string {
  const params = reason.params;
  switch (reason.code) {
    case 'insufficientQuota': {
      const lentOut = String(params['lentOut'] ?? '0');
      return t('queues.reasons.insufficientQuota', { ...params, lentOutText: lentOut === '0' ? '' : t('queues.reasons.lentOut', { lentOut }) });
    }
    case 'behindOthers':
      return t('queues.reasons.behindOthers', { count: Number(params['ahead'] ?? 0) });
    case 'resourceQuotaExceeded':
      return params['hard'] === undefined ? t('queues.reasons.resourceQuotaEvent', params) : t('queues.reasons.resourceQuotaExceeded', params);
    default:
      return t(`queues.reasons.${reason.code}`, params);
  }
}
