// The tables an analyst queries, as DuckDB views over the exported Parquet files (pure SQL text).

const quoted = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** `events` (every row), `orders`, `order_lines` and `clicks`, flattened from the JSON `data`. */
export function analystViews(glob: string): string[] {
  return [
    // The files carry `type` themselves, so the Hive folders are not read as columns.
    `CREATE VIEW events AS SELECT * FROM read_parquet(${quoted(glob)}, hive_partitioning = false, union_by_name = true)`,
    `CREATE VIEW orders AS SELECT id, occurredAt, data->>'$.Region' AS region,
       CAST(data->>'$.Total' AS DECIMAL(12, 2)) AS total, data->>'$.Email' AS customer, data
     FROM events WHERE type = 'OrderPlaced'`,
    `CREATE VIEW order_lines AS SELECT o.id, o.occurredAt, o.region, o.customer,
       CAST(line->>'$.ProductId' AS BIGINT) AS movieId, CAST(line->>'$.Quantity' AS INTEGER) AS quantity,
       CAST(line->>'$.UnitPrice' AS DECIMAL(12, 2)) AS unitPrice
     FROM orders o, unnest(from_json(o.data->'$.Details', '["JSON"]')) AS t(line)`,
    `CREATE VIEW clicks AS SELECT id, type, occurredAt, data->>'$.sessionId' AS sessionId,
       data->>'$.customer' AS customer, CAST(data->>'$.movieId' AS BIGINT) AS movieId, data->>'$.device' AS device
     FROM events WHERE type IN ('ProductViewed', 'AddedToCart', 'CheckoutStarted')`,
  ];
}
