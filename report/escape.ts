/**
 * Text from the graph (names, descriptions) comes from JumpCloud and may hold
 * anything, "<script>" included: everything interpolated into the report
 * goes through here.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
