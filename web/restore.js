/* Which answers a page restores, and from where. Pure (tested in restore.test.mjs): it reads
 * nothing itself and changes nothing; the page applies the plan.
 *
 * The link (the address's fragment) wins when it carries answers the page can read; otherwise
 * storage. A reload, or back/forward, brings back this tab's latest address (the page keeps it
 * in sessionStorage, see address.js), which the address bar may not show yet. A link the page
 * could not take whole is replaced at once by what was taken. */

/**
 * What a link or storage held (answers.js Parsed, or the composer's stored details).
 * @template {Record<string, string>} T
 * @typedef {{answers: T, dropped: number, unreadable: boolean, present?: boolean,
 *   invalid?: string[], otherVersion?: boolean}} Found
 */

/**
 * Why the reader is told something: "unreadable_link", "unreadable_storage", "old_version",
 * "bad_link" (some of the link left out) or "bad_storage" (some of storage left out).
 * @typedef {"unreadable_link" | "unreadable_storage" | "old_version" | "bad_link" | "bad_storage"} RestoreNotice
 */

/**
 * @template {Record<string, string>} T
 * @typedef {object} RestorePlan
 * @property {"link" | "storage" | "nothing"} from where the answers come from
 * @property {T} answers what to put on the form
 * @property {string[]} invalid questions whose value was refused (to mark)
 * @property {string | null} address the address's new fragment ("" for none), or null to leave it
 * @property {string} remember the fragment this tab keeps as its latest address
 * @property {string | null} fragment the fragment of the answers taken from the link, else null
 * @property {RestoreNotice[]} notices what to tell the reader, in this order
 */

/**
 * @template {Record<string, string>} T
 * @param {{hash: string, remembered: string | null, parse: (hash: string) => Found<T>,
 *   stored: Found<T>, toFragment: (answers: T) => string}} input `hash` the address's fragment
 *   now, `remembered` this tab's latest one (null when not a reload), `stored` what storage holds
 * @returns {RestorePlan<T>}
 */
export function restorePlan({ hash, remembered, parse, stored, toFragment }) {
  const shown = remembered !== null && remembered !== hash ? remembered : hash;
  const link = parse(shown);
  const fromLink = Boolean(link.present) && !link.unreadable;
  const source = fromLink ? link : stored;
  const refused = Boolean(link.present)
    && (link.unreadable || link.dropped > 0 || (link.invalid || []).length > 0);
  const taken = fromLink ? toFragment(link.answers) : "";
  /** @type {RestoreNotice[]} */
  const notices = [];
  if (link.unreadable) notices.push("unreadable_link");
  if (!fromLink && source.unreadable) notices.push("unreadable_storage");
  else if (source.otherVersion) notices.push("old_version");
  if (source.dropped && !source.unreadable) notices.push(fromLink ? "bad_link" : "bad_storage");
  const empty = Object.keys(source.answers).length === 0 && !source.unreadable;
  return {
    from: fromLink ? "link" : empty ? "nothing" : "storage",
    answers: source.answers,
    invalid: source.invalid || [],
    address: refused ? taken : shown !== hash ? shown : null,
    remember: fromLink ? (refused ? taken : shown) : "",
    fragment: fromLink ? taken : null,
    notices,
  };
}
