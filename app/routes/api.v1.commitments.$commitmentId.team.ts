import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiTeam } from "~/administration/api.server.ts";

/** GET /api/v1/commitments/:commitmentId/team: the drafting team, with each person's role and sector. */
export const loader = ({ params }: LoaderFunctionArgs) => apiTeam(params.commitmentId ?? "");
