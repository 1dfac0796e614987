/**
 * The codes in a pasted list or a CSV file: every cell of every line (comma, semicolon, tab or
 * line separated), quotes and spaces around a cell removed, empty cells and a header cell
 * ("code", "codes", "coupon", "coupon_code") left out. The collector checks each code.
 */
const HEADER = /^(codes?|coupons?|coupon[ _-]?codes?)$/i;

export function codesInText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.split(/[,;\t]/))
    .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim())
    .filter((cell) => cell !== '' && !HEADER.test(cell));
}
