import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../services/audit/audit.js';

export interface RequestAudit {
  action: string;
  target?: { type: string; id: string | null } | undefined;
  changes?: Record<string, unknown> | undefined;
  /** Default: the request's project (null when it has none). */
  projectId?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Records a change in the audit trail, as made by this request's authenticated caller. */
    audit(entry: RequestAudit): Promise<void>;
  }
}

/** The audit trail from a route: actor, project and client address come from the request. */
export default fp(
  async (app) => {
    app.decorateRequest('audit', function (this: FastifyRequest, entry: RequestAudit) {
      return recordAudit(app.db, {
        principal: this.principal,
        projectId: entry.projectId !== undefined ? entry.projectId : this.projectId || null,
        action: entry.action,
        target: entry.target,
        changes: entry.changes,
        clientAddress: this.clientAddress,
      });
    });
  },
  { name: 'audit', dependencies: ['database', 'auth'] },
);
