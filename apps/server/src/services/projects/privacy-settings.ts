import type { Kysely } from 'kysely';
import type { PrivacySettings, PrivacySettingsResponse } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { normalizeSettings, readSettings, settingsProblem } from '../events/scrub/index.js';
import { projectNotFound } from './projects.js';

/** A project's privacy settings (defaults where none were saved); a 404 for no such project. */
export async function getPrivacySettings(db: Kysely<Database>, projectId: string): Promise<PrivacySettingsResponse> {
  const row = await db.selectFrom('projects').select(['privacy', 'privacy_updated_at']).where('id', '=', projectId).executeTakeFirst();
  if (!row) throw projectNotFound(projectId);
  return toResponse(row);
}

/**
 * Saves new settings (the whole document). Refuses patterns RE2 cannot compile with 400
 * invalid_pattern. Returns the settings before and after, for the audit trail.
 */
export async function setPrivacySettings(
  db: Kysely<Database>,
  projectId: string,
  input: PrivacySettings,
): Promise<{ before: PrivacySettings; after: PrivacySettingsResponse }> {
  const problem = settingsProblem(input);
  if (problem) throw new HttpError(400, 'invalid_pattern', problem);
  const settings = normalizeSettings(input);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('projects').select('privacy').where('id', '=', projectId).forUpdate().executeTakeFirst();
    if (!before) throw projectNotFound(projectId);
    const row = await trx
      .updateTable('projects')
      .set({ privacy: JSON.stringify(settings), privacy_updated_at: new Date() })
      .where('id', '=', projectId)
      .returning(['privacy', 'privacy_updated_at'])
      .executeTakeFirstOrThrow();
    return { before: readSettings(before.privacy), after: toResponse(row) };
  });
}

function toResponse(row: { privacy: unknown; privacy_updated_at: Date | null }): PrivacySettingsResponse {
  return {
    settings: readSettings(row.privacy),
    updatedAt: row.privacy_updated_at ? new Date(row.privacy_updated_at).toISOString() : null,
    appliesTo: 'new_events',
  };
}
