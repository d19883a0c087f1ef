import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "errors.notFoundTitle");

// Any path no other route matches answers 404 through the root error boundary.
export async function loader({ request }: LoaderFunctionArgs) {
  throw textResponse(request, 404, "responses.pageNotFound");
}

export default function NotFound() {
  return null;
}
