/* Links from the rules data ("page.md#anchor") to the site's pages: resolved at build time,
 * handed to the page as config.links. No link format is parsed here. */
import { fillText } from "./text.js";

/**
 * The link for a message, or null when the map does not know it.
 * @param {Record<string, import("./types").LinkTarget> | undefined} links
 * @param {string | null | undefined} id the link as the rules data names it
 * @param {Record<string, string>} ui
 * @returns {{href: string, text: string} | null}
 */
export function resolveLink(links, id, ui) {
  if (!links || typeof id !== "string" || !Object.prototype.hasOwnProperty.call(links, id)) return null;
  const target = links[id];
  const template = ui["verdict.more_in"];
  const text = target.title && template ? fillText(template, { page: target.title }) : ui["verdict.more"] || "→";
  return { href: target.href, text };
}
