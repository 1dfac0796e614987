/** What the demo shop sells. */
export interface Product {
  id: string;
  name: string;
  price: number;
  blurb: string;
  /** Background colour of the product tile. */
  tint: string;
  /** Leaf and pot colours of its drawing. */
  leaf: string;
  pot: string;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'fern', name: 'Boston Fern', price: 24, blurb: 'Lush, forgiving, loves a bathroom shelf.', tint: '#dcfce7', leaf: '#16a34a', pot: '#b45309' },
  { id: 'cactus', name: 'Golden Barrel Cactus', price: 18, blurb: 'Water it monthly. Admire it daily.', tint: '#fef9c3', leaf: '#65a30d', pot: '#c2410c' },
  { id: 'monstera', name: 'Monstera Deliciosa', price: 42, blurb: 'Big split leaves for a big bright room.', tint: '#d1fae5', leaf: '#047857', pot: '#78716c' },
  { id: 'tulips', name: 'Tulip Bulbs (10)', price: 15, blurb: 'Plant in autumn, smile in spring.', tint: '#fce7f3', leaf: '#db2777', pot: '#a16207' },
];

/** A product by id, if the shop sells it. */
export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id);
}

/** "$24.00" */
export function formatPrice(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
