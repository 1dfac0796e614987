import { randomBytes } from 'node:crypto';
import type { CartLine } from './cart';

/** An order placed in the demo shop (kept in memory: the collector holds what matters). */
export interface Order {
  number: string;
  name: string;
  email: string;
  lines: CartLine[];
  itemsTotal: number;
  discount: number;
  subtotal: number;
  couponCode: string | null;
  createdAt: Date;
}

/** The demo shop's orders, newest first. */
export class OrderBook {
  private readonly orders = new Map<string, Order>();

  place(fields: Omit<Order, 'number' | 'createdAt'>): Order {
    const order: Order = { ...fields, number: `FF-${randomBytes(4).toString('hex').toUpperCase()}`, createdAt: new Date() };
    this.orders.set(order.number, order);
    return order;
  }

  find(number: string): Order | undefined {
    return this.orders.get(number);
  }
}
