// The rows one order produces — order, lines, payment, shipment, returns — plus the browsing before
// it, with the messiness real feeds have (planted at fixed rates and counted in `planted`).

export const HEADERS = {
  customers: ['customer_id', 'first_name', 'last_name', 'email', 'country', 'city', 'segment', 'signup_channel', 'signup_at', 'updated_at'],
  products: ['product_id', 'product_name', 'category', 'unit_cost', 'list_price', 'supplier_id', 'supplier_name', 'reorder_point', 'updated_at'],
  orders: ['order_id', 'customer_id', 'ordered_at', 'status', 'discount_pct', 'sales_channel', 'loaded_at'],
  order_lines: ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price'],
  payments: ['payment_id', 'order_id', 'method', 'installments', 'amount', 'paid_at'],
  shipments: ['shipment_id', 'order_id', 'carrier', 'shipped_at', 'promised_at', 'delivered_at'],
  returns: ['return_id', 'order_id', 'line_no', 'returned_at', 'reason', 'refund_amount'],
  inventory_movements: ['movement_id', 'product_id', 'moved_at', 'quantity', 'reason'],
  web_events: ['event_id', 'session_id', 'customer_id', 'event_type', 'product_id', 'occurred_at'],
};

const METHODS = [['card', 58], ['paypal', 20], ['bank_transfer', 10], ['voucher', 5], ['klarna', 7]];
const CARRIERS = ['dhl', 'ups', 'fedex', 'postnl', 'royal_mail'];
const REASONS = ['damaged', 'wrong_size', 'not_as_described', 'changed_mind', 'late_delivery'];

export function planted() {
  return { duplicate_orders: 0, late_arriving_orders: 0, negative_quantity: 0, unknown_product_id: 0, impossible_delivery_date: 0,
    null_payment_method: 0, mixed_case_status: 0, padded_customer_strings: 0, duplicate_customers: 0 };
}

// Planted messiness draws only from the messiness stream (`g.rate`, `g.messInt`): a draw of the
// customer's stream inside a messiness branch would make the customer's history depend on it.

/**
 * Writes one order placed at day `t` and updates the customer's experience. `out(table, t, values)`
 * files the row by time; `clock.at(t)` formats a day number as a timestamp.
 */
export function writeOrder(g, c, t) {
  const { rng } = c;
  // Ids come from the customer's own sequence, so appending days never shifts an existing id.
  const id = c.id * 1000 + c.orders + 1;
  const discount = rng.chance(0.22) ? rng.pick([5, 10, 15, 20]) : 0;
  const lateDelivery = rng.chance(c.country.late);
  let total = 0;
  const lines = 1 + (rng.chance(0.45) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0) + (rng.chance(0.08) ? 1 : 0);
  let returnedAny = false;
  const status = lateDelivery && rng.chance(0.1) ? 'returned' : t > g.endDay - 3 ? 'shipped' : 'delivered';
  const shipped = t + 0.2 + rng.next() * 1.5;
  const promised = t + 3 + rng.int(0, 3);
  const delivered = lateDelivery ? promised + 1 + rng.next() * 6 : Math.min(promised - 0.1, shipped + 1 + rng.next() * 2);
  for (let line = 1; line <= lines; line++) {
    const product = rng.chance(0.6) ? g.productsByCategory[c.favourite][rng.int(0, g.productsByCategory[c.favourite].length - 1)] : rng.pick(g.products);
    let quantity = 1 + (rng.chance(0.3) ? rng.int(1, 2) : 0);
    let productId = product.id;
    if (g.rate(0.001)) { quantity = -quantity; g.count('negative_quantity', t); }
    if (g.rate(0.0005)) { productId = 999000 + g.messInt(999); g.count('unknown_product_id', t); }
    const price = Math.round(product.price * (1 - discount / 100) * 100) / 100;
    total += price * Math.abs(quantity);
    g.out('order_lines', t, [id, line, productId, quantity, price.toFixed(2)]);
    if (quantity > 0 && productId === product.id) g.sell(product.index, t, quantity);
    if (rng.chance(lateDelivery ? 0.14 : 0.05)) {
      returnedAny = true;
      const returnedAt = delivered + 2 + rng.next() * 18;
      g.out('returns', returnedAt, [id * 10 + line, id, line, g.clock.at(returnedAt), lateDelivery && rng.chance(0.5) ? 'late_delivery' : rng.pick(REASONS), (price * Math.abs(quantity)).toFixed(2)]);
    }
  }
  let orderStatus = status;
  if (g.rate(0.03)) { orderStatus = g.rate(0.5) ? status.toUpperCase() : ` ${status[0].toUpperCase()}${status.slice(1)} `; g.count('mixed_case_status', t); }
  const row = [id, c.id, g.clock.at(t), orderStatus, discount, rng.pick(['web', 'web', 'app', 'app', 'marketplace']), g.clock.at(t + 0.05)];
  g.outOrder(t, row);
  let method = rng.weighted(METHODS);
  const installments = method === 'card' && rng.chance(0.2) ? rng.pick([2, 3, 6, 12]) : method === 'klarna' ? rng.pick([3, 4]) : 1;
  if (g.rate(0.01)) { method = null; g.count('null_payment_method', t); }
  g.out('payments', t, [id, id, method, installments, total.toFixed(2), g.clock.at(t + 0.001)]);
  let deliveredAt = delivered <= g.endDay ? g.clock.at(delivered) : null;
  if (g.rate(0.001)) { deliveredAt = g.clock.at(shipped - 2); g.count('impossible_delivery_date', shipped); }
  g.out('shipments', shipped, [id, id, rng.pick(CARRIERS), g.clock.at(shipped), g.clock.at(promised), deliveredAt]);
  c.orders++;
  if (lateDelivery) c.late++;
  if (returnedAny) c.returned++;
  c.discount += discount / 100;
}

/** Browsing sessions between `from` and `to` at `rate` a day (views, carts, checkouts). */
export function writeSessions(g, c, from, to, rate) {
  const { rng } = c;
  for (let t = from + rng.exponential(rate); t < to; t += rng.exponential(rate)) {
    c.sessions = (c.sessions ?? 0) + 1;
    const session = c.id * 100000 + c.sessions;
    const events = 1 + rng.int(0, 3);
    for (let e = 0; e < events; e++) {
      const type = e === 0 ? 'view' : rng.weighted([['view', 5], ['cart', 2], ['checkout', 1]]);
      const at = t + e * 0.002;
      g.out('web_events', at, [session * 10 + e, session, c.id, type, rng.pick(g.products).id, g.clock.at(at)]);
    }
  }
}
