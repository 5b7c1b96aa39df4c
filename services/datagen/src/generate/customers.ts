// A few dozen fixed, made-up Contoso customers. They are built from small word lists with a constant seed, so
// every run (whatever --seed) talks about the same people: dashboards and partition-key tests can rely on them.
// Phone numbers use the fictional 555-01xx range and e-mails the reserved example.com domain.
import { mulberry32, pick, randomInt } from '@marquee/domain';

export interface Customer {
  FirstName: string;
  LastName: string;
  Address: string;
  City: string;
  State: string;
  PostalCode: string;
  Country: string;
  Phone: string;
  Region: string;
  SMSOptIn: boolean;
  SMSStatus: string;
  Email: string;
}

interface Place {
  city: string;
  state: string;
  /** First digits of the postal code; the rest is drawn. */
  postalPrefix: string;
  areaCode: string;
  region: string;
}

const FIRST_NAMES = [
  'Avery', 'Blake', 'Carmen', 'Dmitri', 'Elena', 'Farah', 'Gavin', 'Hana', 'Isaac', 'Jonah',
  'Keiko', 'Luis', 'Maya', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Samir', 'Tessa',
  'Umar', 'Vera', 'Wes', 'Ximena', 'Yusuf', 'Zoe',
]; // prettier-ignore

const LAST_NAMES = [
  'Abbott', 'Baptiste', 'Castillo', 'Dorsey', 'Eklund', 'Fontaine', 'Gallagher', 'Hoshino', 'Iverson',
  'Jablonski', 'Kaplan', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rasmussen',
  'Sandoval', 'Tanaka', 'Underwood', 'Varga', 'Whitfield', 'Yilmaz',
]; // prettier-ignore

const STREETS = [
  'Maple', 'Cedar', 'Harbor', 'Lakeview', 'Juniper', 'Orchard', 'Willow', 'Granite', 'Sunset', 'Meadow',
  'Birch', 'Riverside', 'Aspen', 'Highland', 'Chestnut',
]; // prettier-ignore

const STREET_TYPES = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Way', 'Ct'];

const PLACES: readonly Place[] = [
  { city: 'Seattle', state: 'WA', postalPrefix: '981', areaCode: '206', region: 'West' },
  { city: 'Portland', state: 'OR', postalPrefix: '972', areaCode: '503', region: 'West' },
  { city: 'San Diego', state: 'CA', postalPrefix: '921', areaCode: '619', region: 'West' },
  { city: 'Denver', state: 'CO', postalPrefix: '802', areaCode: '303', region: 'West' },
  { city: 'Chicago', state: 'IL', postalPrefix: '606', areaCode: '312', region: 'Central' },
  { city: 'Austin', state: 'TX', postalPrefix: '787', areaCode: '512', region: 'Central' },
  { city: 'Minneapolis', state: 'MN', postalPrefix: '554', areaCode: '612', region: 'Central' },
  { city: 'Kansas City', state: 'MO', postalPrefix: '641', areaCode: '816', region: 'Central' },
  { city: 'Boston', state: 'MA', postalPrefix: '021', areaCode: '617', region: 'East' },
  { city: 'Atlanta', state: 'GA', postalPrefix: '303', areaCode: '404', region: 'East' },
  { city: 'Raleigh', state: 'NC', postalPrefix: '276', areaCode: '919', region: 'East' },
  { city: 'New York', state: 'NY', postalPrefix: '100', areaCode: '212', region: 'East' },
  { city: 'Miami', state: 'FL', postalPrefix: '331', areaCode: '305', region: 'South' },
  { city: 'Nashville', state: 'TN', postalPrefix: '372', areaCode: '615', region: 'South' },
  { city: 'New Orleans', state: 'LA', postalPrefix: '701', areaCode: '504', region: 'South' },
];

export const CUSTOMER_COUNT = 40;
const CUSTOMERS_SEED = 0x43757374; // "Cust"

const digits = (rng: () => number, n: number): string =>
  Array.from({ length: n }, () => String(randomInt(rng, 0, 9))).join('');

/** The fixed customer list: same people, same order, on every call. E-mails are unique. */
export function buildCustomers(count: number = CUSTOMER_COUNT): Customer[] {
  const rng = mulberry32(CUSTOMERS_SEED);
  const emails = new Set<string>();
  return Array.from({ length: count }, (_, index): Customer => {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const place = pick(rng, PLACES);
    const optIn = rng() < 0.6;
    let email = `${first}.${last}@example.com`.toLowerCase();
    // A repeated name gets the customer's number, so the e-mail still identifies one customer.
    if (emails.has(email)) email = `${first}.${last}${index + 1}@example.com`.toLowerCase();
    emails.add(email);
    return {
      FirstName: first,
      LastName: last,
      Address: `${randomInt(rng, 10, 9899)} ${pick(rng, STREETS)} ${pick(rng, STREET_TYPES)}`,
      City: place.city,
      State: place.state,
      PostalCode: `${place.postalPrefix}${digits(rng, 2)}`,
      Country: 'USA',
      Phone: `+1 ${place.areaCode}-555-01${digits(rng, 2)}`,
      Region: place.region,
      SMSOptIn: optIn,
      SMSStatus: optIn ? 'Subscribed' : 'NotSubscribed',
      Email: email,
    };
  });
}
