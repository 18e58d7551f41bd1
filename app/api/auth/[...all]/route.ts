import { getAuth } from "@/lib/auth/auth";

// better-auth's endpoints (/api/auth/sign-in/email, /get-session, /sign-out, …). Built on first
// request, so `next build` can load this module without BETTER_AUTH_SECRET.
export async function GET(request: Request): Promise<Response> {
  return getAuth().handler(request);
}

export async function POST(request: Request): Promise<Response> {
  return getAuth().handler(request);
}
