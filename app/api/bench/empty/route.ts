// GET|POST /api/bench/empty — unauthenticated, does nothing: the framework's floor for `npm run bench:gateway`
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true });
}

export async function POST(req: Request): Promise<Response> {
  await req.text();
  return Response.json({ ok: true });
}
