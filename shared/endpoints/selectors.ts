/** Label selectors as Kubernetes evaluates them: matchLabels and matchExpressions, all terms ANDed. */

export interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** True when `labels` satisfy the selector. An empty selector matches everything, as in the API. */
export function matchesSelector(selector: LabelSelectorLike | undefined, labels: Record<string, string> | undefined): boolean {
  const present = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (present[key] !== value) {
      return false;
    }
  }
  return (selector?.matchExpressions ?? []).every((expression) => {
    const value = present[expression.key];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && (expression.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(expression.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        // An unknown operator is rejected by the API server, so no stored object has one.
        return false;
    }
  });
}

/**
 * True when a Service's selector (a plain map) selects `labels`. A Service
 * without a selector selects no pods: its EndpointSlices are managed by hand.
 */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) {
    return false;
  }
  return matchesSelector({ matchLabels: selector }, labels);
}
