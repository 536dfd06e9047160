import { startJupyter } from '../../jupyter';
import { appendPodLog } from '../../kwok';
import type { Profile } from '../../profile';
import { notebookPodObject, testNodeObjects, testNotebook } from './fixtures';

/**
 * Small and fast, for the test suites: four nodes (8 H100, 4 A100, 8 Ascend
 * NPUs, CPU only) and one notebook pod in team-a routed to a local JupyterLab.
 */
const testProfile: Profile = {
  name: 'test',
  description: 'small: 4 nodes (NVIDIA H100 x8, A100 x4, Ascend x8, CPU), namespace team-a, one notebook routed to JupyterLab',
  includes: [],

  async startLocalServers(context) {
    await startJupyter(context);
  },

  async seed(context) {
    await context.apply(testNodeObjects());
    await context.kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s']);

    await context.waitForServiceAccount(testNotebook.namespace);
    await context.apply([notebookPodObject()]);
    const { logsFile } = await context.routePod({
      namespace: testNotebook.namespace,
      name: testNotebook.name,
      ports: [{ podPort: testNotebook.port, localPort: context.ports.jupyter }],
    });
    await appendPodLog(logsFile, [
      '[I ServerApp] Jupyter Server is running at: http://notebook-0:8888/lab',
      '[I ServerApp] Use Control-C to stop this server and shut down all kernels.',
    ]);
    await context.kubectl([
      'wait', '--for=jsonpath={.status.phase}=Running', '--timeout=60s',
      '-n', testNotebook.namespace, `pod/${testNotebook.name}`,
    ]);
  },
};

export default testProfile;
