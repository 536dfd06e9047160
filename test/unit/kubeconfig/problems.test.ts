import { describe, expect, it } from 'vitest';
import { FieldError, fileInvalidField } from '../../../main/kubeconfig/problems';

describe('kubeconfig field errors', () => {
  it('quote a short value whole', () => {
    const error = new FieldError('server', 'string', '42');
    expect(error.message).toBe('server must be a string, got 42');
    expect(error.got).toBe('42');
  });

  it('shorten a long value visibly', () => {
    const value = JSON.stringify({ contexts: 'x'.repeat(500) });
    const error = fileInvalidField('/kube/config', new FieldError('contexts', 'list', value));
    const got = error.code === 'invalidField' ? error.params.got : undefined;
    expect(got).toHaveLength(81);
    expect(got?.endsWith('…')).toBe(true);
    expect(error.message).toContain(`got ${value.slice(0, 80)}…`);
  });

  it('leave out a value that was not given', () => {
    const error = new FieldError('exec.command', 'present');
    expect(error.message).toBe('exec.command is missing');
    expect(error.params('/kube/config')).toEqual({ path: '/kube/config', field: 'exec.command', expected: 'present' });
  });
});
