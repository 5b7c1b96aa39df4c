import { Type, type Static } from 'typebox';

/** RFC 9457 problem details, the body of every error the API returns. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.String())),
    view: Type.Optional(
      Type.String({
        description:
          "503 only: the view being rebuilt for this release's document layout (sent with Retry-After); the report is served again once it is rebuilt",
      }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;

/** The error responses a route may give, for its `response` schema. */
export const problemResponses = (...statuses: number[]): Record<number, typeof Problem> =>
  Object.fromEntries(statuses.map((s) => [s, Problem]));
