import type { LinksFunction } from "@remix-run/node";
import styles from "~/styles/administration.css";

/** The workspace's stylesheet, for the `links` of its pages. */
export const administrationLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
