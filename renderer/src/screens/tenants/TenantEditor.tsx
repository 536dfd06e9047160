/** Create or edit a tenant in one reviewed step: the form, the dry-run review with the combined YAML, then the result. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanIssue, PodSecurityLevel, SubjectKind } from '../../../../shared/models/tenants';
import { POD_SECURITY_LEVELS, POD_SECURITY_MODES } from '../../../../shared/tenants/labels';
import { validateTenantPlan } from '../../../../shared/tenants/validation';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { ACCELERATOR_QUOTA_KEYS, formFromPlan, planFromForm, type PlanForm } from './plan-form';
import { ReviewStep, ResultStep } from './ReviewStep';
import type { EditorStep } from './tenants-store';
import { useTenants, useTenantsStore } from './use-tenants';

function title(editor: EditorStep): { key: string; values: Record<string, string> } {
  if (editor.step === 'review' || editor.step === 'applying') return { key: 'tenants.review.title', values: { namespace: editor.plan.namespace } };
  if (editor.step === 'result') return { key: 'tenants.result.title', values: { namespace: editor.plan.namespace } };
  if ((editor.step === 'form' || editor.step === 'previewing') && editor.mode === 'edit') return { key: 'tenants.editor.editTitle', values: { name: editor.plan.tenant } };
  return { key: 'tenants.editor.createTitle', values: {} };
}

export function TenantEditor() {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const editor = useTenants((state) => state.editor);
  const kueue = useTenants((state) => state.view?.kueue ?? false);
  const heading = title(editor);

  return (
    <Dialog open={editor.step !== 'closed'} onClose={() => store.getState().closeEditor()} labelKey={heading.key} labelValues={heading.values} className="dialog-wide">
      {editor.step === 'loading' && <p role="status">{t('tenants.editor.loading')}</p>}
      {(editor.step === 'form' || editor.step === 'previewing') && (
        <FormStep key={`${editor.mode}:${editor.plan.namespace}`} editor={editor} kueue={kueue} />
      )}
      {(editor.step === 'review' || editor.step === 'applying') && <ReviewStep editor={editor} />}
      {editor.step === 'result' && <ResultStep editor={editor} />}
    </Dialog>
  );
}

function Issues({ issues, prefix }: { issues: PlanIssue[]; prefix: string }) {
  const matching = issues.filter((issue) => issue.field === prefix || issue.field.startsWith(`${prefix}.`) || issue.field.startsWith(`${prefix}[`));
  if (matching.length === 0) return null;
  return <>{matching.map((issue) => <p key={`${issue.field}:${issue.message}`} className="field-error" data-field={issue.field}><IssueText issue={issue} /></p>)}</>;
}

/** Renders an issue in the UI language from its code and parameters, falling back to the English message. */
function IssueText({ issue }: { issue: PlanIssue }) {
  const { t } = useTranslation();
  const params: Record<string, string> = { ...issue.params };
  if (issue.code === 'name') {
    params['what'] = t(`tenants.what.${issue.params['what'] ?? ''}`);
    params['rule'] = t(`tenants.rule.${issue.params['rule'] ?? ''}`, { max: issue.params['max'] ?? '' });
  }
  if (issue.code === 'role-missing' || issue.code === 'cq-missing') {
    params['existing'] = issue.params['existing'] ? t('tenants.issueExisting', { names: issue.params['existing'] }) : '';
  }
  const key = issue.code === 'role-missing' && issue.params['namespace'] ? 'role-missing-in' : issue.code;
  return <>{t(`tenants.issue.${key}`, { ...params, defaultValue: issue.message })}</>;
}

type FormEditor = Extract<EditorStep, { step: 'form' | 'previewing' }>;

function FormStep({ editor, kueue }: { editor: FormEditor; kueue: boolean }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const [form, setForm] = useState<PlanForm>(() => formFromPlan(editor.plan));
  const plan = useMemo(() => planFromForm(form), [form]);
  const localIssues = useMemo(() => validateTenantPlan(plan), [plan]);
  const serverIssues = editor.step === 'form' ? (editor.issues ?? []) : [];
  const issues = localIssues.length > 0 ? localIssues : serverIssues;
  const update = (patch: Partial<PlanForm>) => setForm((current) => ({ ...current, ...patch }));
  const busy = editor.step === 'previewing';

  return (
    <form className="dialog-body tenant-form" onSubmit={(event) => { event.preventDefault(); if (localIssues.length === 0) void store.getState().review(plan); }}>
      {editor.step === 'form' && editor.error && <ErrorBlock error={editor.error} />}
      {issues.length > 0 && <p role="alert" className="notice notice-warning">{t('tenants.editor.fixFirst')}</p>}
      <div className="form-row">
        <label className="field">
          <span>{t('tenants.editor.namespace')}</span>
          <input name="namespace" value={form.namespace} disabled={editor.mode === 'edit'} spellCheck={false}
            onChange={(event) => update({ namespace: event.target.value, ...(form.tenant === form.namespace ? { tenant: event.target.value } : {}) })} />
        </label>
        <label className="field">
          <span>{t('tenants.editor.tenant')}</span>
          <input name="tenant" value={form.tenant} spellCheck={false} onChange={(event) => update({ tenant: event.target.value })} />
        </label>
      </div>
      <p className="hint">{t('tenants.editor.namespaceHint')}</p>
      <Issues issues={issues} prefix="namespace" />
      <Issues issues={issues} prefix="tenant" />

      <fieldset>
        <legend>{t('tenants.editor.podSecurity')}</legend>
        <div className="form-row">
          {POD_SECURITY_MODES.map((mode) => (
            <label key={mode} className="field">
              <span><code>{mode}</code></span>
              <select name={`psa-${mode}`} value={form.podSecurity[mode] ?? ''} onChange={(event) => update({ podSecurity: { ...form.podSecurity, [mode]: (event.target.value || undefined) as PodSecurityLevel | undefined } })}>
                <option value="">{t('tenants.psaUnset')}</option>
                {POD_SECURITY_LEVELS.map((level) => <option key={level} value={level}>{level}</option>)}
              </select>
            </label>
          ))}
        </div>
        <Issues issues={issues} prefix="podSecurity" />
      </fieldset>

      <label className="field">
        <span>{t('tenants.editor.labels')}</span>
        <textarea name="labels" rows={2} value={form.labelsText} spellCheck={false} onChange={(event) => update({ labelsText: event.target.value })} />
      </label>
      <Issues issues={issues} prefix="labels" />

      <QuotaFields form={form} update={update} issues={issues} />
      <LimitFields form={form} update={update} issues={issues} />

      <fieldset>
        <legend><label><input type="checkbox" checked={form.queueOn} disabled={!kueue && !form.queueOn} onChange={(event) => update({ queueOn: event.target.checked })} /> {t('tenants.editor.includeQueue')}</label></legend>
        {!kueue && <p className="muted">{t('tenants.editor.noKueue')}</p>}
        {form.queueOn && (
          <div className="form-row">
            <label className="field"><span>{t('tenants.editor.queueName')}</span><input name="queueName" value={form.queueName} onChange={(event) => update({ queueName: event.target.value })} /></label>
            <label className="field"><span>{t('tenants.editor.clusterQueue')}</span><input name="clusterQueue" value={form.clusterQueue} onChange={(event) => update({ clusterQueue: event.target.value })} /></label>
          </div>
        )}
        <Issues issues={issues} prefix="localQueue" />
      </fieldset>

      <MemberFields form={form} update={update} issues={issues} />

      <div className="dialog-actions">
        {busy && <span role="status" className="muted">{t('tenants.editor.reviewing')}</span>}
        <button type="button" className="button" onClick={() => store.getState().closeEditor()}>{t('tenants.editor.cancel')}</button>
        <button type="submit" className="button button-primary" disabled={busy || localIssues.length > 0}>{t('tenants.editor.review')}</button>
      </div>
    </form>
  );
}

interface FieldsProps {
  form: PlanForm;
  update(patch: Partial<PlanForm>): void;
  issues: PlanIssue[];
}

function QuotaFields({ form, update, issues }: FieldsProps) {
  const { t } = useTranslation();
  const setRow = (index: number, patch: Partial<{ key: string; value: string }>) =>
    update({ quotaRows: form.quotaRows.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  return (
    <fieldset>
      <legend><label><input type="checkbox" checked={form.quotaOn} onChange={(event) => update({ quotaOn: event.target.checked })} /> {t('tenants.editor.includeQuota')}</label></legend>
      {form.quotaOn && (
        <>
          <label className="field"><span>{t('tenants.editor.quotaName')}</span><input name="quotaName" value={form.quotaName} onChange={(event) => update({ quotaName: event.target.value })} /></label>
          <datalist id="quota-keys">{['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'pods', 'count/pytorchjobs.kubeflow.org', ...ACCELERATOR_QUOTA_KEYS].map((key) => <option key={key} value={key} />)}</datalist>
          {form.quotaRows.map((row, index) => (
            <div key={index} className="form-row" data-quota-row={index}>
              <label className="field grow"><span className="sr-only">{t('tenants.editor.quotaKey')}</span><input aria-label={t('tenants.editor.quotaKey')} list="quota-keys" value={row.key} spellCheck={false} onChange={(event) => setRow(index, { key: event.target.value })} /></label>
              <label className="field"><span className="sr-only">{t('tenants.editor.quotaValue')}</span><input aria-label={`${t('tenants.editor.quotaValue')} ${row.key}`} value={row.value} spellCheck={false} onChange={(event) => setRow(index, { value: event.target.value })} /></label>
              <button type="button" className="button" onClick={() => update({ quotaRows: form.quotaRows.filter((_, i) => i !== index) })}>{t('tenants.editor.remove')}</button>
            </div>
          ))}
          <div className="form-row">
            <button type="button" className="button" onClick={() => update({ quotaRows: [...form.quotaRows, { key: '', value: '' }] })}>{t('tenants.editor.addQuotaKey')}</button>
            <select aria-label={t('tenants.editor.addAccelerator')} value="" onChange={(event) => event.target.value && update({ quotaRows: [...form.quotaRows, { key: event.target.value, value: '1' }] })}>
              <option value="">{t('tenants.editor.addAccelerator')}</option>
              {ACCELERATOR_QUOTA_KEYS.filter((key) => !form.quotaRows.some((row) => row.key === key)).map((key) => <option key={key} value={key}>{key}</option>)}
            </select>
          </div>
          <Issues issues={issues} prefix="quota" />
        </>
      )}
    </fieldset>
  );
}

function LimitFields({ form, update, issues }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend><label><input type="checkbox" checked={form.limitOn} onChange={(event) => update({ limitOn: event.target.checked })} /> {t('tenants.editor.includeLimitRange')}</label></legend>
      {form.limitOn && (
        <div className="form-row">
          <label className="field"><span>{t('tenants.editor.limitRangeName')}</span><input name="limitName" value={form.limitName} onChange={(event) => update({ limitName: event.target.value })} /></label>
          <label className="field grow"><span>{t('tenants.editor.defaultRequest')}</span><input name="defaultRequest" value={form.defaultRequest} placeholder="cpu=250m, memory=512Mi" spellCheck={false} onChange={(event) => update({ defaultRequest: event.target.value })} /></label>
          <label className="field grow"><span>{t('tenants.editor.defaultLimit')}</span><input name="defaultLimit" value={form.defaultLimit} placeholder="cpu=1, memory=2Gi" spellCheck={false} onChange={(event) => update({ defaultLimit: event.target.value })} /></label>
          <label className="field grow"><span>{t('tenants.editor.max')}</span><input name="max" value={form.max} placeholder="cpu=16" spellCheck={false} onChange={(event) => update({ max: event.target.value })} /></label>
        </div>
      )}
      <Issues issues={issues} prefix="limitRange" />
    </fieldset>
  );
}

function MemberFields({ form, update, issues }: FieldsProps) {
  const { t } = useTranslation();
  const setMember = (index: number, patch: Partial<PlanForm['members'][number]>) =>
    update({ members: form.members.map((member, i) => (i === index ? { ...member, ...patch } : member)) });
  return (
    <fieldset>
      <legend>{t('tenants.editor.members')}</legend>
      <datalist id="role-names"><option value="admin" /><option value="edit" /><option value="view" /></datalist>
      {form.members.map((member, index) => (
        <div key={index} className="form-row" data-member-row={index}>
          <label className="field"><span>{t('tenants.editor.memberKind')}</span>
            <select value={member.kind} onChange={(event) => setMember(index, { kind: event.target.value as SubjectKind })}>
              {(['User', 'Group', 'ServiceAccount'] as const).map((kind) => <option key={kind} value={kind}>{t(`tenants.kind.${kind}`)}</option>)}
            </select>
          </label>
          <label className="field grow"><span>{t('tenants.editor.memberName')}</span><input name={`member-${index}-name`} value={member.name} spellCheck={false} onChange={(event) => setMember(index, { name: event.target.value })} /></label>
          <label className="field"><span>{t('tenants.editor.roleKind')}</span>
            <select value={member.roleKind} onChange={(event) => setMember(index, { roleKind: event.target.value as 'ClusterRole' | 'Role' })}>
              <option value="ClusterRole">ClusterRole</option><option value="Role">Role</option>
            </select>
          </label>
          <label className="field"><span>{t('tenants.editor.role')}</span><input name={`member-${index}-role`} list="role-names" value={member.role} spellCheck={false} onChange={(event) => setMember(index, { role: event.target.value })} /></label>
          <button type="button" className="button" onClick={() => update({ members: form.members.filter((_, i) => i !== index) })}>{t('tenants.editor.remove')}</button>
          <div className="row-issues"><Issues issues={issues} prefix={`members[${index}]`} /></div>
        </div>
      ))}
      <button type="button" className="button" onClick={() => update({ members: [...form.members, { kind: 'User', name: '', roleKind: 'ClusterRole', role: 'edit' }] })}>{t('tenants.editor.addMember')}</button>
    </fieldset>
  );
}
