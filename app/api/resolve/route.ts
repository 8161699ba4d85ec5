// GET /api/resolve?model=…&apiBase=…&provider=… — provider, base model and the rule that matched
import { handler } from "@/lib/server/handler";
import { resolveOrThrow } from "@/lib/models/server/input";
import { ResolveQuerySchema } from "@/lib/models/schema";

export const GET = handler({ query: ResolveQuerySchema }, ({ query }) =>
  resolveOrThrow(query.model, { apiBase: query.apiBase || undefined, provider: query.provider }),
);
