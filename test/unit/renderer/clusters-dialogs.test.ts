import { describe, expect, test } from 'vitest';
import type { ContextSummary, KubeconfigSnapshot } from '../../../shared/models/kubeconfig';
import { checkNewName, editsUserFile, kubectlDelete, kubectlRename } from '../../../renderer/src/screens/clusters/context-edit';
import { checkImportPath } from '../../../renderer/src/screens/clusters/import-path';

const context: ContextSummary = {
  id: '/home/op/.kube/config\u0000prod',
  name: 'prod',
  sourcePath: '/home/op/.kube/config',
  origin: 'default',
  cluster: 'prod',
  user: 'admin',
  current: true,
  shadowed: false,
  authKind: 'token',
  insecure: false,
};

const snapshot: KubeconfigSnapshot = {
  sources: [{ path: context.sourcePath, origin: 'default', exists: true }],
  contexts: [context, { ...context, id: 'other', name: 'staging' }, { ...context, id: 'imported', name: 'lab', sourcePath: '/store/lab.yaml', origin: 'imported' }],
  warnings: [],
};

describe('checkImportPath', () => {
  test.each([
    ['empty', '  ', 'empty'],
    ['relative', 'config.yaml', 'relative'],
    ['dot relative', './config', 'relative'],
    ['absolute POSIX', '/etc/k8s/admin.conf', undefined],
    ['home', '~/.kube/other', undefined],
    ['Windows drive', 'C:\\Users\\op\\.kube\\config', undefined],
    ['too long', '/' + 'a'.repeat(4096), 'tooLong'],
  ])('%s', (_name, path, expected) => {
    expect(checkImportPath(path)).toBe(expected);
  });
});

describe('checkNewName', () => {
  test.each([
    ['valid', 'prod-2', undefined],
    ['empty', ' ', 'empty'],
    ['unchanged', 'prod', 'unchanged'],
    ['taken in the same file', 'staging', 'taken'],
    ['taken in another file only', 'lab', undefined],
  ])('%s', (_name, name, expected) => {
    expect(checkNewName(snapshot, context, name)).toBe(expected);
  });
});

describe('kubectl equivalents', () => {
  test('rename quotes names with spaces', () => {
    expect(kubectlRename(context, 'my prod')).toBe("kubectl config rename-context prod 'my prod' --kubeconfig /home/op/.kube/config");
  });

  test('delete names the file', () => {
    expect(kubectlDelete(context)).toBe('kubectl config delete-context prod --kubeconfig /home/op/.kube/config');
  });
});

describe('editsUserFile', () => {
  test('default file is the user file', () => {
    expect(editsUserFile(context)).toBe(true);
  });

  test('imported file lives in the store', () => {
    expect(editsUserFile({ ...context, origin: 'imported' })).toBe(false);
  });
});
