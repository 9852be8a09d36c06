import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, PrivacySettings, PrivacySettingsResponse, ProjectParams } from '@feedloop/protocol';
import { getPrivacySettings, setPrivacySettings } from '../../../services/projects/privacy-settings.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

const APPLIES =
  'Settings apply to events received after the change (on every replica within 10 seconds, the key cache); events already stored keep the text they were stored with: nothing is scrubbed again.';

/** A project's privacy settings: what ingest scrubs beyond its defaults (admins). */
const privacySettings: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['admin'] };

  app.get(
    '/v1/projects/:projectId/privacy/settings',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: "A project's privacy settings",
        description: `What ingest scrubs from free text beyond its defaults. ${APPLIES}`,
        params: ProjectParams,
        response: { 200: PrivacySettingsResponse, ...errors },
      },
    },
    async (request) => getPrivacySettings(app.db, request.params.projectId),
  );

  app.put(
    '/v1/projects/:projectId/privacy/settings',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: "Change a project's privacy settings",
        description: `Replaces the whole settings document. Extra patterns are RE2 syntax: one that does not compile, or that matches the empty text, is refused with 400 invalid_pattern. ${APPLIES}`,
        params: ProjectParams,
        body: PrivacySettings,
        response: { 200: PrivacySettingsResponse, ...errors },
      },
    },
    async (request) => {
      const { projectId } = request.params;
      const { before, after } = await setPrivacySettings(app.db, projectId, request.body);
      // The key cache holds the compiled settings: this replica uses the new ones from the next event on.
      app.forgetKeys();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const name of Object.keys(after.settings) as (keyof PrivacySettings)[]) {
        if (JSON.stringify(before[name]) !== JSON.stringify(after.settings[name])) changes[name] = { from: before[name], to: after.settings[name] };
      }
      await request.audit({ action: 'privacy.settings_updated', target: { type: 'project', id: projectId }, changes });
      return after;
    },
  );
};

export default privacySettings;
