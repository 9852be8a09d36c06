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
  testApp: TestApp;
  /** Rows stored for this project: what really reached the database. */
  stored(table: 'feedback' | 'exposures'): Promise<Record<string, unknown>[]>;
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
    testApp,
    stored: (table) =>
      testApp.database.db.selectFrom(table).selectAll().where('project_id', '=', project.projectId).execute() as Promise<Record<string, unknown>[]>,
    async features() {
      const response = await fetch(`${url}/v1/features?freshAfter=now`, { headers: { authorization: `Bearer ${project.secretKey}` } });
      return response.json();
    },
    close: () => testApp.close(),
  };
}
