/**
 * Stroked icon paths on a 24×24 grid, hand-drawn and simplified to a few dozen bytes each.
 * Facebook, X and LinkedIn are drawn as their letters instead (see ShareButtons.tsx): their
 * logo paths would cost more than a quarter of a kilobyte of the gzip budget.
 */
export const GIFT = 'M3 8h18v4H3zM5 12v8h14v-8M12 8v12M12 8L9 4M12 8l3-4';
export const CLOSE = 'M6 6l12 12M18 6L6 18';
export const COPY = 'M9 9h11v11H9zM5 15H4V4h11v1';
export const CHECK = 'M5 12.5l4.5 4.5L19 7.5';
export const MAIL = 'M3 5h18v14H3zM3 6l9 7 9-7';
export const CHAT = 'M21 11.5a8.5 8.5 0 0 1-12.4 7.6L3 21l1.9-5.4A8.5 8.5 0 1 1 21 11.5z';
export const SHARE = 'M4 12v8h16v-8M12 3v12M7 8l5-5 5 5';
export const CHEVRON = 'M6 9l6 6 6-6';
export const WHATSAPP = 'M3.5 20.5l1.3-4.2A8.6 8.6 0 1 1 8 19.4zM9 9c0 3 3 6 6 6l1-1.5-2-1-1 .8-2.3-2.3.8-1-1-2z';
