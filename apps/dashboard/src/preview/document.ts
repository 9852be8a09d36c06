import type { PromptDocument } from '@feedloop/protocol';
import { FEATURE_PATTERN } from '@feedloop/protocol/limits';
import { PROMPT_SCALES } from '@feedloop/protocol/vocabulary';
import { PREVIEW_SHOW as SHOW } from './messages.js';

/*
 * What the preview frame makes of the dashboard's message: the prompt document of one prompt that
 * is due at once, for everyone, without caps. Pure, so that it is tested beside the widget's own
 * check of what it understands (test/pure.test.ts).
 */

/** The id the previewed prompt carries when it has none yet (a definition being written). */
const DRAFT_ID = '00000000-0000-4000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value == 'object' && value != null && !Array.isArray(value);

/** The prompt document of the one previewed prompt, or why the message is not one to preview. */
export function previewDocument(data: unknown): { document: PromptDocument; locale: string } | { problem: string } {
  if (!isObject(data) || data.type !== SHOW || !isObject(data.prompt)) return { problem: 'not a prompt to preview' };
  const { id, feature, scale, comment, question, defaultLocale } = data.prompt;
  const locale = data.locale;
  if (typeof locale != 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(locale)) return { problem: 'the locale' };
  // A feature name as the contract has it: the widget shows no prompt with another.
  if (typeof feature != 'string' || !new RegExp(FEATURE_PATTERN).test(feature)) return { problem: 'the feature' };
  if (typeof scale != 'string' || !(PROMPT_SCALES as readonly string[]).includes(scale)) return { problem: 'the scale' };
  if (typeof defaultLocale != 'string' || !isObject(question) || typeof question[defaultLocale] != 'string') return { problem: 'the question' };
  if (!Object.values(question).every((text) => typeof text == 'string' && text)) return { problem: 'the question' };
  const prompt = {
    id: typeof id == 'string' && UUID.test(id) ? id : DRAFT_ID,
    feature,
    scale: scale as PromptDocument['prompts'][number]['scale'],
    comment: comment === true,
    question: question as Record<string, string>,
    defaultLocale,
    // Due at once, for everyone; no caps but "once", which the page's memory forgets.
    when: { delaySeconds: 0 },
    who: { samplePercent: 100 },
    frequency: { daysBetweenPrompts: 0, daysAfterFeedback: 0 },
  };
  return { document: { version: 'preview', prompts: [prompt] }, locale };
}
