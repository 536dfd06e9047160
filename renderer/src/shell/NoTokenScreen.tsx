/** Browser mode opened without the token: point at the address that `npm start` printed. */
import { useTranslation } from 'react-i18next';

export function NoTokenScreen() {
  const { t } = useTranslation();

  return (
    <main className="no-token">
      <h1>{t('noToken.title')}</h1>
      <p>{t('noToken.explain')}</p>
      <pre>npm start</pre>
      <p>{t('noToken.address')}</p>
      <pre>http://127.0.0.1:PORT/#token=…</pre>
      <p>{t('noToken.security')}</p>
    </main>
  );
}
