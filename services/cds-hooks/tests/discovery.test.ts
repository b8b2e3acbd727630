import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../types';
import type { Harness } from './support';
import { startHarness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('discovery', () => {
  it('GET /cds-services lists the three services, each with its hook and prefetch templates', async () => {
    const url = `${h.service.origin}/cds-services`;
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${await h.client.sign(url)}` },
    });
    expect(response.status).toBe(200);
    const { services } = (await response.json()) as { services: ServiceDefinition[] };
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      ['heroin-education-patient-view', 'patient-view'],
      ['heroin-education-order-sign', 'order-sign'],
      ['heroin-education-discharge', 'encounter-discharge'],
    ]);
    for (const s of services) {
      expect(s.title && s.description).toBeTruthy();
      expect(Object.keys(s.prefetch).length).toBeGreaterThan(0);
      for (const template of Object.values(s.prefetch)) {
        expect(template).toMatch(/^[A-Z][A-Za-z]+[/?].*\{\{context\.(patientId|encounterId)\}\}/);
      }
    }
  });

  it('GET /health answers without a JWT', async () => {
    const response = await fetch(`${h.service.origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('feedback is accepted and counted per service, with nothing else kept', async () => {
    const url = `${h.service.origin}/cds-services/heroin-education-patient-view/feedback`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await h.client.sign(url)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        feedback: [{ card: 'c1', outcome: 'accepted', outcomeTimestamp: '2026-11-30T10:00:00Z' }],
      }),
    });
    expect(response.status).toBe(200);
    const health = (await (await fetch(`${h.service.origin}/health`)).json()) as {
      feedback: Record<string, number>;
    };
    expect(health.feedback).toEqual({ 'heroin-education-patient-view': 1 });
  });
});
