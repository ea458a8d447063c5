// The badges of a template: Meta's review status (with the reason of a rejection), its
// category and sub-category, its quality rating and where it lives.

import { badge, el } from '../ui.js';

/** APPROVED green, PENDING grey, REJECTED and DISABLED red, PAUSED amber, DELETED grey. */
export function statusBadge(template) {
  const node = badge(template?.status);
  const reason = template?.rejected_reason;
  if (template?.status === 'REJECTED' && reason && reason !== 'NONE') node.title = `Rejected: ${reason}`;
  return node;
}

export function categoryBadge(template) {
  const category = template?.category || 'UNKNOWN';
  const text = template?.sub_category ? `${category} · ${template.sub_category}` : category;
  return el('span', { class: `badge type-${category.toLowerCase()}`, text });
}

/** Meta's quality rating (a string, or {score} as Meta lists it); none for local templates. */
export function qualityBadge(template) {
  const quality = template?.quality_score;
  const score = typeof quality === 'object' && quality !== null ? quality.score : quality;
  if (!score) return el('span', { class: 'muted', text: '—' });
  return el('span', { class: `badge quality-${String(score).toLowerCase()}`, text: score });
}

/** "local" for a template made here; else the WhatsApp Business Account it comes from. */
export function originOf(template) {
  if (template?.local) return el('span', { class: 'badge origin-local', text: 'local' });
  return el('code', { text: template?.waba_id ?? '—' });
}
