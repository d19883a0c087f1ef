import type { LinksFunction } from "@remix-run/node";
import styles from "~/styles/participation.css";

/** The participation stylesheet, for the `links` of the participation pages. */
export const participationLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
