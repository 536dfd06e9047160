/** Access check dialog: verbs × resources for oneself or another subject, as the API server decides them, with the granting bindings. */
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AccessCell, AccessMatrix, SubjectKind } from '../../../../shared/models/tenants';
import { ACCESS_VERBS } from '../../../../shared/tenants/access-matrix';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useTenants, useTenantsStore } from './use-tenants';

export function AccessDialog() {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const access = useTenants((state) => state.access);
  const members = useTenants((state) => state.view?.tenants.flatMap((tenant) => tenant.namespaces).find((ns) => ns.namespace === state.access?.namespace)?.members);

  return (
    <Dialog open={Boolean(access)} onClose={() => store.getState().closeAccess()} labelKey="tenants.access.title" labelValues={{ namespace: access?.namespace ?? '' }} className="dialog-wide">
      {access && (
        <div className="dialog-body">
          <SubjectForm key={access.namespace} running={access.running} memberNames={(members ?? []).map((m) => `${m.subject.kind}:${m.subject.name}`)} />
          {access.running && <p role="status">{t('tenants.access.running')}</p>}
          {access.error && <ErrorBlock error={access.error} />}
          {access.matrix && !access.running && <MatrixTable matrix={access.matrix} />}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => store.getState().closeAccess()}>{t('tenants.access.close')}</button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function SubjectForm({ running, memberNames }: { running: boolean; memberNames: string[] }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const [who, setWho] = useState<'me' | 'other'>('me');
  const [kind, setKind] = useState<SubjectKind>('User');
  const [name, setName] = useState('');
  const [groups, setGroups] = useState('');

  const submit = () => {
    if (who === 'me') {
      void store.getState().checkAccess(undefined);
      return;
    }
    const groupList = groups.split(',').map((g) => g.trim()).filter(Boolean);
    void store.getState().checkAccess({ kind, name: name.trim(), ...(groupList.length > 0 ? { groups: groupList } : {}) });
  };

  return (
    <form className="access-form" onSubmit={(event) => { event.preventDefault(); submit(); }}>
      <fieldset className="radio-row">
        <legend>{t('tenants.access.who')}</legend>
        <label><input type="radio" name="who" checked={who === 'me'} onChange={() => setWho('me')} /> {t('tenants.access.me')}</label>
        <label><input type="radio" name="who" checked={who === 'other'} onChange={() => setWho('other')} /> {t('tenants.access.other')}</label>
      </fieldset>
      {who === 'other' && (
        <div className="form-row">
          <label className="field">
            <span>{t('tenants.access.subjectKind')}</span>
            <select value={kind} onChange={(event) => setKind(event.target.value as SubjectKind)}>
              {(['User', 'Group', 'ServiceAccount'] as const).map((k) => <option key={k} value={k}>{t(`tenants.kind.${k}`)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('tenants.access.subjectName')}</span>
            <input value={name} list="access-members" onChange={(event) => {
              const value = event.target.value;
              const match = memberNames.find((entry) => entry === value);
              if (match) {
                setKind(match.slice(0, match.indexOf(':')) as SubjectKind);
                setName(match.slice(match.indexOf(':') + 1));
              } else {
                setName(value);
              }
            }} spellCheck={false} required />
            <datalist id="access-members">{memberNames.map((entry) => <option key={entry} value={entry} />)}</datalist>
          </label>
          {kind === 'User' && (
            <label className="field">
              <span>{t('tenants.access.groups')}</span>
              <input value={groups} onChange={(event) => setGroups(event.target.value)} spellCheck={false} />
            </label>
          )}
        </div>
      )}
      <button type="submit" className="button button-primary" disabled={running || (who === 'other' && name.trim() === '')}>{t('tenants.access.run')}</button>
    </form>
  );
}

function grantText(cell: AccessCell, t: TFunction): string {
  if (!cell.allowed) return t('tenants.access.denied');
  if (cell.grantedBy.length === 0) return t('tenants.access.grantUnknown');
  return cell.grantedBy.map((g) => t('tenants.access.grantedBy', { kind: g.bindingKind, binding: g.binding, roleKind: g.roleKind, role: g.role })).join('\n');
}

/** Lists the distinct bindings that grant any allowed cell of a row, as `RoleBinding name → ClusterRole role`. */
function rowGrants(cells: readonly AccessCell[]): string[] {
  const grants = cells.flatMap((cell) => cell.grantedBy.map((g) => `${g.bindingKind} ${g.binding} → ${g.roleKind} ${g.role}`));
  return [...new Set(grants)];
}

function MatrixTable({ matrix }: { matrix: AccessMatrix }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted" data-subject={matrix.subject.name}>{t('tenants.access.answeredBy', { review: matrix.review, kind: t(`tenants.kind.${matrix.subject.kind}`), name: matrix.subject.name || matrix.subject.groups.join(', ') })}</p>
      <div className="matrix-scroll">
        <table className="access-matrix" aria-label={t('tenants.access.title', { namespace: matrix.namespace })}>
          <thead>
            <tr>
              <th scope="col">{t('tenants.resource')}</th>
              {ACCESS_VERBS.map((verb) => <th key={verb} scope="col"><code>{verb}</code></th>)}
              <th scope="col">{t('tenants.access.grantColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.id} data-row={row.id}>
                <th scope="row">{t(`tenants.access.rows.${row.id}`)}<div className="muted small"><code>{row.group ? `${row.group}/` : ''}{row.resource}{row.subresource ? `/${row.subresource}` : ''}</code></div></th>
                {ACCESS_VERBS.map((verb) => {
                  const cell = row.cells.find((c) => c.verb === verb);
                  if (!cell) return <td key={verb} className="cell-na">{t('tenants.access.notApplicable')}</td>;
                  return (
                    <td key={verb} className={cell.allowed ? 'cell-allowed' : 'cell-denied'} data-verb={verb} data-allowed={String(cell.allowed)} title={grantText(cell, t)}>
                      <span aria-label={cell.allowed ? t('tenants.access.allowed') : t('tenants.access.denied')}>{cell.allowed ? '✓' : '✗'}</span>
                    </td>
                  );
                })}
                <td className="grant" data-grants={row.id}>{rowGrants(row.cells).map((grant) => <div key={grant}>{grant}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matrix.grantNotes.length > 0 && (
        <ul className="note-list muted">{matrix.grantNotes.map((note) => <li key={`${note.verb}:${note.resource}`}>{t('tenants.note.hidden', { verb: note.verb, resource: note.group ? `${note.resource}.${note.group}` : note.resource, scope: note.namespace ? t('tenants.scopeNamespace', { namespace: note.namespace }) : t('tenants.scopeCluster') })}</li>)}</ul>
      )}
    </>
  );
}
