/**
 * Items joined as in English prose: "A", "A and B", "A, B and C".
 * @example list(['Obs', 'Lev', 'Lev+5FU']) // "Obs, Lev and Lev+5FU"
 */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
