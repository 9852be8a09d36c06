import type { MailLocale } from '@feedloop/protocol';

/** The words of the team's mails (alerts, digests), per locale. Filled and escaped by templates.ts. */
export interface TeamStrings {
  why: string;
  alertSubject: (rule: string, subject: string) => string;
  alertIntro: (rule: string, project: string) => string;
  evidence: string;
  pValue: string;
  interval: string;
  quoteHeading: string;
  openDashboard: string;
  digestSubject: (project: string, from: string, to: string) => string;
  digestIntro: (project: string, from: string, to: string, feedback: number) => string;
  worsened: string;
  improved: string;
  releases: string;
  experiments: string;
  terms: string;
  triage: (closed: number, told: number, waiting: number) => string;
  nothingChanged: string;
}

const en: TeamStrings = {
  why: 'You receive this mail because you subscribed to it in the Feedloop dashboard.',
  alertSubject: (r, s) => `Alert: ${r} (${s})`,
  alertIntro: (r, p) => `The alert rule "${r}" of ${p} fired.`,
  evidence: 'Evidence',
  pValue: 'p-value',
  interval: 'Interval',
  quoteHeading: 'The feedback:',
  openDashboard: 'Open in the dashboard',
  digestSubject: (p, f, t) => `${p}: feedback report ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}, ${f} to ${t} (UTC, end exclusive): ${n} feedback items.`,
  worsened: 'Worse than the period before',
  improved: 'Better than the period before',
  releases: 'Releases',
  experiments: 'Experiments concluded',
  terms: 'Most mentioned',
  triage: (c, t, w) => `Closed: ${c}; submitters told: ${t}, still waiting: ${w}.`,
  nothingChanged: 'No significant change.',
};

const de: TeamStrings = {
  why: 'Sie erhalten diese E-Mail, weil Sie sie im Feedloop-Dashboard abonniert haben.',
  alertSubject: (r, s) => `Alarm: ${r} (${s})`,
  alertIntro: (r, p) => `Die Alarmregel „${r}“ von ${p} hat ausgelöst.`,
  evidence: 'Befund',
  pValue: 'p-Wert',
  interval: 'Zeitraum',
  quoteHeading: 'Das Feedback:',
  openDashboard: 'Im Dashboard öffnen',
  digestSubject: (p, f, t) => `${p}: Feedback-Bericht ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}, ${f} bis ${t} (UTC, Ende ausgeschlossen): ${n} Feedbacks.`,
  worsened: 'Schlechter als im Zeitraum davor',
  improved: 'Besser als im Zeitraum davor',
  releases: 'Releases',
  experiments: 'Abgeschlossene Experimente',
  terms: 'Häufigste Begriffe',
  triage: (c, t, w) => `Abgeschlossen: ${c}; informiert: ${t}, wartend: ${w}.`,
  nothingChanged: 'Keine signifikante Änderung.',
};

const fr: TeamStrings = {
  why: 'Vous recevez ce courriel parce que vous vous y êtes abonné dans le tableau de bord Feedloop.',
  alertSubject: (r, s) => `Alerte : ${r} (${s})`,
  alertIntro: (r, p) => `La règle d’alerte « ${r} » de ${p} s’est déclenchée.`,
  evidence: 'Constat',
  pValue: 'valeur p',
  interval: 'Période',
  quoteHeading: 'L’avis :',
  openDashboard: 'Ouvrir dans le tableau de bord',
  digestSubject: (p, f, t) => `${p} : rapport ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}, du ${f} au ${t} (UTC, fin exclue) : ${n} avis.`,
  worsened: 'Moins bien que la période précédente',
  improved: 'Mieux que la période précédente',
  releases: 'Versions',
  experiments: 'Expériences terminées',
  terms: 'Termes les plus cités',
  triage: (c, t, w) => `Clos : ${c} ; informés : ${t}, en attente : ${w}.`,
  nothingChanged: 'Aucun changement significatif.',
};

const es: TeamStrings = {
  why: 'Recibe este correo porque se suscribió en el panel de Feedloop.',
  alertSubject: (r, s) => `Alerta: ${r} (${s})`,
  alertIntro: (r, p) => `La regla de alerta «${r}» de ${p} se activó.`,
  evidence: 'Evidencia',
  pValue: 'valor p',
  interval: 'Intervalo',
  quoteHeading: 'El comentario:',
  openDashboard: 'Abrir en el panel',
  digestSubject: (p, f, t) => `${p}: informe ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}, del ${f} al ${t} (UTC, fin excluido): ${n} comentarios.`,
  worsened: 'Peor que el período anterior',
  improved: 'Mejor que el período anterior',
  releases: 'Versiones',
  experiments: 'Experimentos concluidos',
  terms: 'Términos más mencionados',
  triage: (c, t, w) => `Cerrados: ${c}; informados: ${t}, en espera: ${w}.`,
  nothingChanged: 'Ningún cambio significativo.',
};

const ja: TeamStrings = {
  why: 'Feedloop ダッシュボードで購読したため、このメールが届いています。',
  alertSubject: (r, s) => `アラート: ${r} (${s})`,
  alertIntro: (r, p) => `${p} のアラートルール「${r}」が発火しました。`,
  evidence: '根拠',
  pValue: 'p値',
  interval: '期間',
  quoteHeading: 'フィードバック:',
  openDashboard: 'ダッシュボードで開く',
  digestSubject: (p, f, t) => `${p}: フィードバックレポート ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}、${f} から ${t} まで (UTC、終了日を含まない): ${n} 件のフィードバック。`,
  worsened: '前の期間より悪化',
  improved: '前の期間より改善',
  releases: 'リリース',
  experiments: '終了した実験',
  terms: 'よく挙がった語',
  triage: (c, t, w) => `完了: ${c}、通知済み: ${t}、待機中: ${w}。`,
  nothingChanged: '有意な変化はありません。',
};

const ar: TeamStrings = {
  why: 'تصلك هذه الرسالة لأنك اشتركت فيها من لوحة تحكم Feedloop.',
  alertSubject: (r, s) => `تنبيه: ${r} (${s})`,
  alertIntro: (r, p) => `انطلقت قاعدة التنبيه «${r}» في ${p}.`,
  evidence: 'الدليل',
  pValue: 'القيمة الاحتمالية',
  interval: 'الفترة',
  quoteHeading: 'الملاحظة:',
  openDashboard: 'افتح في لوحة التحكم',
  digestSubject: (p, f, t) => `${p}: تقرير الملاحظات ${f} – ${t}`,
  digestIntro: (p, f, t, n) => `${p}، من ${f} إلى ${t} (بالتوقيت العالمي، دون يوم النهاية): ${n} ملاحظة.`,
  worsened: 'أسوأ من الفترة السابقة',
  improved: 'أفضل من الفترة السابقة',
  releases: 'الإصدارات',
  experiments: 'التجارب المنتهية',
  terms: 'الكلمات الأكثر ذكرًا',
  triage: (c, t, w) => `مغلقة: ${c}؛ أُبلغوا: ${t}، ما زالوا ينتظرون: ${w}.`,
  nothingChanged: 'لا تغيير ذا دلالة.',
};

export const TEAM_STRINGS: Record<MailLocale, TeamStrings> = { en, de, fr, es, ja, ar };
