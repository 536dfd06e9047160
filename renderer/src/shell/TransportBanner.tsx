/** Says so while the connection to main is down; every stream reopens when it returns. */
import { useTranslation } from 'react-i18next';
import { useAppState } from '../store/context';

export function TransportBanner() {
  const { t } = useTranslation();
  const state = useAppState((appState) => appState.transportState);

  return (
    <div role="status" className={state === 'closed' ? 'banner banner-warning' : 'banner-hidden'}>
      {state === 'closed' ? t('shell.transportLost') : ''}
    </div>
  );
}
