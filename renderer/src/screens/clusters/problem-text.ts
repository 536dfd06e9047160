/** Translates the coded reasons why a kubeconfig file did not load or a context cannot connect. */
import type { TFunction } from 'i18next';
import type { ContextProblem, InvalidFieldParams, KubeconfigFileError } from '../../../../shared/models/kubeconfig';

/** The field's key, what it should hold, and the value read, in the user's language. */
function fieldParams(t: TFunction, params: InvalidFieldParams): Record<string, string> {
  return {
    field: params.field,
    expected: t(`clusters.expected.${params.expected}`),
    got: params.got === undefined ? '' : t('clusters.got', { value: params.got }),
  };
}

export function fileErrorText(t: TFunction, error: KubeconfigFileError): string {
  const params = error.code === 'invalidField' ? { ...error.params, ...fieldParams(t, error.params) } : error.params;
  return t(`clusters.fileError.${error.code}`, { ...params, defaultValue: error.message });
}

export function contextProblemText(t: TFunction, problem: ContextProblem): string {
  const params = problem.code === 'invalidEntry' ? { ...problem.params, ...fieldParams(t, problem.params), entry: t(`clusters.entry.${problem.params.entry}`) } : problem.params;
  return t(`clusters.contextProblem.${problem.code}`, { ...params, defaultValue: problem.message });
}
