import { describe, expect, it } from 'vitest';
import { describeHistory } from './panelText';

describe('describeHistory ("Previously given:" items)', () => {
  it('gives the date and who', () => {
    expect(
      describeHistory({
        resourceType: 'DocumentReference',
        id: 'd1',
        date: '2026-11-20T10:00:00Z',
        by: 'Dr A. Chen',
      }),
    ).toMatch(/^.*2026.* by Dr A\. Chen$/);
  });

  it('names the copy to retire when the EHR stored one record twice', () => {
    const text = describeHistory({
      resourceType: 'DocumentReference',
      id: 'd1',
      date: '2026-11-20T10:00:00Z',
      by: undefined,
      duplicates: ['d2'],
    });
    expect(text).toContain('(stored twice: mark DocumentReference/d2 entered-in-error)');
  });
});
