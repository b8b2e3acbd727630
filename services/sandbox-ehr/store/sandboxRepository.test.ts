import type { Patient } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../fhirDefinitions';
import { SandboxRepository } from './sandboxRepository';

beforeAll(() => loadFhirDefinitions());

describe('SandboxRepository', () => {
  it('rolls back every write of a failed transaction', async () => {
    const repo = new SandboxRepository();
    await repo.createResource<Patient>({ resourceType: 'Patient', id: 'kept', gender: 'female' });
    await expect(
      repo.withTransaction(async () => {
        await repo.createResource<Patient>({ resourceType: 'Patient', gender: 'male' });
        await repo.createResource<Patient>({ resourceType: 'Patient', id: 'kept', gender: 'male' });
        throw new Error('fail midway');
      }),
    ).rejects.toThrow('fail midway');
    const all = await repo.exportAll();
    expect(all).toHaveLength(1);
    expect((all[0] as Patient).gender).toBe('female');
  });

  it('commits a transaction that succeeds', async () => {
    const repo = new SandboxRepository();
    await repo.withTransaction(async () => {
      await repo.createResource<Patient>({ resourceType: 'Patient' });
    });
    expect(await repo.exportAll()).toHaveLength(1);
  });
});
