import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "errors.notFoundTitle");

// Any path no other route matches answers 404 through the root error boundary.
export async function loader() {
  throw new Response("La página que buscas no existe.", { status: 404 });
}

export default function NotFound() {
  return null;
}
