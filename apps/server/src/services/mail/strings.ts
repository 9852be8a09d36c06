import { MAIL_LOCALES, type FeedbackStatus, type MailLocale } from '@feedloop/protocol';

/** The words of every mail, per locale. Placeholders are filled by templates.ts (and escaped there). */
export interface MailStrings {
  dir: 'ltr' | 'rtl';
  status: Record<FeedbackStatus, string>;
  subjectStatus: (feature: string, status: string) => string;
  subjectReply: (feature: string) => string;
  intro: (feature: string) => string;
  statusLine: (status: string) => string;
  replyHeading: string;
  yourWords: string;
  link: string;
  why: string;
  unsubscribe: string;
  testSubject: (project: string) => string;
  testBody: (project: string) => string;
}

const en: MailStrings = {
  dir: 'ltr',
  status: { new: 'New', acknowledged: 'Acknowledged', planned: 'Planned', in_progress: 'In progress', done: 'Done', declined: 'Declined' },
  subjectStatus: (f, s) => `Your feedback on ${f}: ${s}`,
  subjectReply: (f) => `A reply to your feedback on ${f}`,
  intro: (f) => `Thank you for your feedback on ${f}. There is news.`,
  statusLine: (s) => `New status: ${s}`,
  replyHeading: 'The team replied:',
  yourWords: 'You wrote:',
  link: 'Learn more',
  why: 'You receive this mail because you left your email address with your feedback.',
  unsubscribe: 'Unsubscribe from these mails',
  testSubject: (p) => `Test mail from Feedloop (${p})`,
  testBody: (p) => `This is a test mail from Feedloop for the project ${p}. Mail works.`,
};

const de: MailStrings = {
  dir: 'ltr',
  status: { new: 'Neu', acknowledged: 'Gesehen', planned: 'Geplant', in_progress: 'In Arbeit', done: 'Erledigt', declined: 'Abgelehnt' },
  subjectStatus: (f, s) => `Ihr Feedback zu ${f}: ${s}`,
  subjectReply: (f) => `Eine Antwort auf Ihr Feedback zu ${f}`,
  intro: (f) => `Danke für Ihr Feedback zu ${f}. Es gibt Neuigkeiten.`,
  statusLine: (s) => `Neuer Status: ${s}`,
  replyHeading: 'Das Team hat geantwortet:',
  yourWords: 'Sie schrieben:',
  link: 'Mehr erfahren',
  why: 'Sie erhalten diese E-Mail, weil Sie Ihrem Feedback Ihre E-Mail-Adresse beigefügt haben.',
  unsubscribe: 'Diese E-Mails abbestellen',
  testSubject: (p) => `Test-E-Mail von Feedloop (${p})`,
  testBody: (p) => `Dies ist eine Test-E-Mail von Feedloop für das Projekt ${p}. E-Mail funktioniert.`,
};

const fr: MailStrings = {
  dir: 'ltr',
  status: { new: 'Nouveau', acknowledged: 'Pris en compte', planned: 'Prévu', in_progress: 'En cours', done: 'Terminé', declined: 'Refusé' },
  subjectStatus: (f, s) => `Votre avis sur ${f} : ${s}`,
  subjectReply: (f) => `Une réponse à votre avis sur ${f}`,
  intro: (f) => `Merci pour votre avis sur ${f}. Il y a du nouveau.`,
  statusLine: (s) => `Nouveau statut : ${s}`,
  replyHeading: 'L’équipe a répondu :',
  yourWords: 'Vous avez écrit :',
  link: 'En savoir plus',
  why: 'Vous recevez ce message parce que vous avez laissé votre adresse e-mail avec votre avis.',
  unsubscribe: 'Se désabonner de ces messages',
  testSubject: (p) => `Message de test de Feedloop (${p})`,
  testBody: (p) => `Ceci est un message de test de Feedloop pour le projet ${p}. L’envoi fonctionne.`,
};

const es: MailStrings = {
  dir: 'ltr',
  status: { new: 'Nuevo', acknowledged: 'Recibido', planned: 'Planificado', in_progress: 'En curso', done: 'Hecho', declined: 'Rechazado' },
  subjectStatus: (f, s) => `Tu opinión sobre ${f}: ${s}`,
  subjectReply: (f) => `Una respuesta a tu opinión sobre ${f}`,
  intro: (f) => `Gracias por tu opinión sobre ${f}. Hay novedades.`,
  statusLine: (s) => `Nuevo estado: ${s}`,
  replyHeading: 'El equipo respondió:',
  yourWords: 'Escribiste:',
  link: 'Más información',
  why: 'Recibes este correo porque dejaste tu dirección de correo con tu opinión.',
  unsubscribe: 'Darse de baja de estos correos',
  testSubject: (p) => `Correo de prueba de Feedloop (${p})`,
  testBody: (p) => `Este es un correo de prueba de Feedloop para el proyecto ${p}. El correo funciona.`,
};

const ja: MailStrings = {
  dir: 'ltr',
  status: { new: '新規', acknowledged: '確認済み', planned: '予定', in_progress: '対応中', done: '完了', declined: '見送り' },
  subjectStatus: (f, s) => `${f} へのフィードバック: ${s}`,
  subjectReply: (f) => `${f} へのフィードバックに返信がありました`,
  intro: (f) => `${f} へのフィードバックをありがとうございます。お知らせがあります。`,
  statusLine: (s) => `新しいステータス: ${s}`,
  replyHeading: 'チームからの返信:',
  yourWords: 'あなたのフィードバック:',
  link: '詳しく見る',
  why: 'フィードバックにメールアドレスを記入されたため、このメールをお送りしています。',
  unsubscribe: 'このメールの配信を停止する',
  testSubject: (p) => `Feedloop のテストメール (${p})`,
  testBody: (p) => `これはプロジェクト ${p} の Feedloop テストメールです。メールは正常に送信されています。`,
};

const ar: MailStrings = {
  dir: 'rtl',
  status: { new: 'جديد', acknowledged: 'تم الاطلاع', planned: 'مخطط له', in_progress: 'قيد التنفيذ', done: 'تم', declined: 'مرفوض' },
  subjectStatus: (f, s) => `ملاحظاتك حول ${f}: ${s}`,
  subjectReply: (f) => `رد على ملاحظاتك حول ${f}`,
  intro: (f) => `شكرًا لملاحظاتك حول ${f}. لدينا أخبار.`,
  statusLine: (s) => `الحالة الجديدة: ${s}`,
  replyHeading: 'رد الفريق:',
  yourWords: 'كتبت:',
  link: 'اعرف المزيد',
  why: 'تصلك هذه الرسالة لأنك تركت عنوان بريدك الإلكتروني مع ملاحظاتك.',
  unsubscribe: 'إلغاء الاشتراك في هذه الرسائل',
  testSubject: (p) => `رسالة تجريبية من Feedloop (${p})`,
  testBody: (p) => `هذه رسالة تجريبية من Feedloop للمشروع ${p}. البريد يعمل.`,
};

export const MAIL_STRINGS: Record<MailLocale, MailStrings> = { en, de, fr, es, ja, ar };

/** "de-AT", "de_DE", "DE" → de; anything not written → en. */
export function mailLocale(tag: string | null | undefined): MailLocale {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return (MAIL_LOCALES as readonly string[]).includes(base) ? (base as MailLocale) : 'en';
}
