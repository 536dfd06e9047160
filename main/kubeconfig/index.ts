export { createKubeconfigService } from './service';
export type { KubeconfigService, KubeconfigServiceOptions } from './service';
export type { DeletePlan } from './edits';
