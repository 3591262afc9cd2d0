/** Hungarian tax numbers (adószám) formatted as typed: `12345676241` → `12345676-2-41`. */

export function formatTaxNumberAsYouType(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 11);
  if (d.length <= 8) return d;
  if (d.length === 9) return `${d.slice(0, 8)}-${d.slice(8)}`;
  return `${d.slice(0, 8)}-${d.slice(8, 9)}-${d.slice(9)}`;
}
