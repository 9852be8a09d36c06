/**
 * The real Feedloop service for delivery tests: apps/server's own test helper on a fresh
 * database, listening on a loopback port, with a project whose allowed origin is the test site.
 */
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../../../apps/server/test/support/app.js';

export interface RunningIngest {
  url: string;
  publicKey: string;
  secretKey: string;
  /** A token of the project with every scope (admin included): prompts are defined by admins. */
  adminToken: string;
  testApp: TestApp;
  /** Rows stored for this project: what really reached the database. */
  stored(table: 'feedback' | 'exposures' | 'prompt_events'): Promise<Record<string, unknown>[]>;
  /** Defines a prompt through the API (`POST /v1/prompts`); resolves to its id. */
  definePrompt(definition: Record<string, unknown>): Promise<string>;
  /** Changes a prompt through the API (`PATCH /v1/prompts/{id}`), e.g. `{status: 'paused'}`. */
  updatePrompt(id: string, change: Record<string, unknown>): Promise<void>;
  /** `GET /v1/prompts/{id}/results`: what the service counted for the prompt. */
  promptResults(id: string): Promise<{ overall: { displays: number; dismissals: number; responses: number } }>;
  /** GET /v1/features with the project's secret key, holding every event acknowledged before it (freshAfter=now). */
  features(): Promise<{ features: { feature: string; count: number; comments: number; ratings: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

export async function startIngest(allowedOrigin: string): Promise<RunningIngest> {
  const testApp = await startTestApp();
  const project = await testApp.project('Widget tests', [allowedOrigin]);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    publicKey: project.publicKey,
    secretKey: project.secretKey,
    adminToken: project.adminToken,
    testApp,
    stored: (table) =>
      testApp.database.db.selectFrom(table).selectAll().where('project_id', '=', project.projectId).execute() as Promise<Record<string, unknown>[]>,
    async features() {
      const response = await fetch(`${url}/v1/features?freshAfter=now`, { headers: { authorization: `Bearer ${project.secretKey}` } });
      return response.json();
    },
    async definePrompt(definition) {
      const response = await fetch(`${url}/v1/prompts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${project.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(definition),
      });
      const body = await response.json();
      if (response.status != 201) throw Error(`POST /v1/prompts: ${response.status} ${JSON.stringify(body)}`);
      return body.id;
    },
    async updatePrompt(id, change) {
      const response = await fetch(`${url}/v1/prompts/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${project.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
      if (!response.ok) throw Error(`PATCH /v1/prompts/${id}: ${response.status} ${await response.text()}`);
    },
    async promptResults(id) {
      const response = await fetch(`${url}/v1/prompts/${id}/results`, { headers: { authorization: `Bearer ${project.adminToken}` } });
      if (!response.ok) throw Error(`GET /v1/prompts/${id}/results: ${response.status} ${await response.text()}`);
      return response.json();
    },
    close: () => testApp.close(),
  };
}
