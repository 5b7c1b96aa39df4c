// The order event exactly as Contoso's website sends it (PascalCase names are theirs). Fields we know are
// typed; anything else the site adds later is kept as-is, so the event store never loses information.

/** One line of an order. The four named fields are required on every line. */
export interface OrderLine {
  Email: string;
  /** The movie id (see the catalog: 397518–398017 today). */
  ProductId: number;
  /** Integer >= 1. */
  Quantity: number;
  /** Price of one unit in dollars, >= 0. Use `toCents` before doing sums. */
  UnitPrice: number;
  [extra: string]: unknown;
}

/**
 * A validated order. Required: OrderDate (ISO-8601 instant with a zone), Details (non-empty), Total.
 * The descriptive fields are optional and may be null; when present they have the types below.
 */
export interface Order {
  Region?: string | null;
  /** ISO-8601 instant with a time zone designator, e.g. `2026-03-08T14:30:00-05:00`. */
  OrderDate: string;
  FirstName?: string | null;
  LastName?: string | null;
  Address?: string | null;
  City?: string | null;
  State?: string | null;
  PostalCode?: string | null;
  Country?: string | null;
  Phone?: string | null;
  SMSOptIn?: boolean | null;
  SMSStatus?: string | null;
  Email?: string | null;
  ReceiptUrl?: string | null;
  /** Order total in dollars, >= 0. Use `toCents` before doing sums. */
  Total: number;
  PaymentTransactionId?: string | null;
  HasBeenShipped?: boolean | null;
  Details: OrderLine[];
  [extra: string]: unknown;
}

/** Optional descriptive fields and the JSON type each must have when present and not null. */
export const DESCRIPTIVE_FIELDS = {
  Region: 'string',
  FirstName: 'string',
  LastName: 'string',
  Address: 'string',
  City: 'string',
  State: 'string',
  PostalCode: 'string',
  Country: 'string',
  Phone: 'string',
  SMSOptIn: 'boolean',
  SMSStatus: 'string',
  Email: 'string',
  ReceiptUrl: 'string',
  PaymentTransactionId: 'string',
  HasBeenShipped: 'boolean',
} as const satisfies Partial<Record<keyof Order, 'string' | 'boolean'>>;
